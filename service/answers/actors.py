"""Is the figure the answer rests on another person's, or another company's?

"How much will Gordon Ashworth have to repay?" was answered "pounds 62,000" from "One victim, Eileen
Cobb, 83, lost pounds 62,000": the sentence after "A hearing to decide how much Ashworth must repay
..." (support.py reads a sentence with the one before it, so the question's words were all there).
The amount is what someone else did: Eileen Cobb is the one who lost it. "How much was Pennard Gas
fined in 2003?" was answered from "In 2003 a smaller supplier, Northlight Energy, was fined pounds
1.8m": a sentence that brings in another of the kind ("a smaller supplier, Northlight Energy") to
tell what it did.

Two rules, for questions that are not who-questions (those are answered by another person), when
every sentence the answer rests on names no word of the question's names:
- the question names a person (the parse's entity), and a sentence has another person, nowhere
  named in the question, as the subject of its verb or in apposition to that subject ("One victim,
  Eileen Cobb, ... lost"); "another person" is one tagged so, or a name of two words with an age in
  apposition (the small parse often tags an invented name an organisation);
- the question names anything, and the sentence's main verb has for subject a common noun with a
  person or organisation in apposition ("a smaller supplier, Northlight Energy, was fined").
Neither counts speakers ("Prosecutor Daniel Ostler said pounds 900,000 had been recovered"), "be",
or a name the answer itself gives ("The band's third album, Ghost Signals, ...").

Read offline before they were wired in (2026-12-04, twelfth session): on the sentences holding the
gold answers of the 514 answerable questions of the dev, tune, own and held-out sets they refuse
none; of the answered unanswerable questions, the two about what Ashworth repays and lost (own), the
Pennard Gas fine and the second album's sales ("The band's third album, Ghost Signals, ... selling
86,000 copies", tune).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from langchain_core.documents import Document

from service.answers.citations import strip_markers
from service.answers.support import firm_sentences, question_names
from service.text.names import SPEECH
from service.text.nlp import NewsNlp

# Verbs of saying, and of holding a view: the one who speaks gives a figure, it is not theirs.
_SPEECH = SPEECH | frozenset("state admit describe write believe think".split())
_WHO = re.compile(r"^\s*who(?:m|se)?\b", re.I)


def by_another_person(nlp: NewsNlp, question: str, answer: str, docs: Sequence[Document]) -> bool:
    """Whether every sentence the answer rests on tells what another person or company did."""
    names = question_names(question)
    if _WHO.match(question) or not names:
        return False
    persons = [e for e in nlp.parse(question).ents if e.label_ == "PERSON"]
    words = names | {w.lower() for e in persons for w in re.findall(r"\w+", e.text) if w.lower() != "s"}
    sentences = firm_sentences(answer, docs)
    asked = _Asked(question.lower(), strip_markers(answer).lower(), bool(persons))
    return bool(sentences) and all(_another_acts(nlp.parse(s), words, asked) for s in sentences)


class _Asked(NamedTuple):
    question: str  # lower case
    answer: str  # lower case, without markers
    person: bool  # the question names a person

    def foreign(self, entity: Any) -> bool:
        """A name neither the question nor the answer gives."""
        return not any(w.lower() in self.question or w.lower() in self.answer for w in entity.text.split())


def _another_acts(sentence: Any, words: set[str], asked: _Asked) -> bool:
    text = sentence.text.lower()
    if any(re.search(rf"\b{re.escape(w)}", text) for w in words):
        return False  # the question's names stand in the sentence
    for entity in sentence.ents:
        if not asked.foreign(entity):
            continue
        if asked.person and _a_person(entity) and _acts(entity):
            return True
        if entity.label_ in ("PERSON", "ORG") and _introduced(entity):
            return True
    return False


def _a_person(entity: Any) -> bool:
    """Tagged a person, or a name of two words or more with an age in apposition ("Mabel Orritt, 77,")."""
    if entity.label_ == "PERSON":
        return True
    aged = any(c.dep_ == "appos" and c.like_num for c in entity.root.children)
    return len(entity) > 1 and aged


def _acts(entity: Any) -> bool:
    """Whether a name is the subject of a verb other than one of saying or "be" (or in apposition to it)."""
    token = entity.root
    while token.dep_ in ("appos", "compound", "flat") and token.head is not token:
        token = token.head
    verb = token.head
    return token.dep_ in ("nsubj", "nsubjpass") and verb.pos_ == "VERB" and verb.lemma_ not in _SPEECH


def _introduced(entity: Any) -> bool:
    """Whether a name stands in apposition to a common noun that is the subject of the sentence's main
    verb ("a smaller supplier, Northlight Energy, was fined"): another of the kind, brought in."""
    token = entity.root
    noun = token.head
    verb = noun.head
    return (
        token.dep_ == "appos"
        and noun.pos_ == "NOUN"
        and noun.dep_ in ("nsubj", "nsubjpass")
        and verb.pos_ == "VERB"
        and verb.dep_ == "ROOT"
        and verb.lemma_ not in _SPEECH
    )
