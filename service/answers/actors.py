"""Is the figure the answer rests on another person's?

"How much will Gordon Ashworth have to repay?" was answered "pounds 62,000" from "One victim, Eileen
Cobb, 83, lost pounds 62,000": the sentence after "A hearing to decide how much Ashworth must repay
..." (support.py reads a sentence with the one before it, so the question's words were all there).
The amount is what someone else did: Eileen Cobb is the one who lost it.

The rule: a question that names a person, and is not a who-question (those are answered by another
person), is refused when every sentence the answer rests on names none of that person's words and
has another person (tagged so, or a name of two words with an age in apposition, which the small
parse often tags an organisation), nowhere named in the question, as the subject of its verb, or in
apposition to that subject ("One victim, Eileen Cobb, ... lost"). Speakers do not count ("Prosecutor
Daniel Ostler said only about pounds 900,000 had been recovered"), nor "be" ("Ivan will always be
...").

Read offline before it was wired in (2026-12-04, twelfth session): on the sentences holding the gold
answers of the 514 answerable questions of the dev, tune, own and held-out sets it refuses none; of
the own set's answered unanswerable questions it refuses the two about what Ashworth repays and lost.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from langchain_core.documents import Document

from service.answers.support import firm_sentences
from service.text.nlp import NewsNlp

# Verbs of saying: the one who speaks gives a figure, it is not theirs.
_SPEECH = frozenset(
    "say tell add announce explain claim state insist warn admit confirm report describe write "
    "believe think".split()
)
_WHO = re.compile(r"^\s*who(?:m|se)?\b", re.I)


def by_another_person(nlp: NewsNlp, question: str, answer: str, docs: Sequence[Document]) -> bool:
    """Whether every sentence the answer rests on tells what another person than the question's did."""
    if _WHO.match(question):
        return False
    asked = [e for e in nlp.parse(question).ents if e.label_ == "PERSON"]
    if not asked:
        return False
    words = {w.lower() for e in asked for w in re.findall(r"[\w]+", e.text) if w.lower() != "s"}
    sentences = firm_sentences(answer, docs)
    return bool(sentences) and all(_another_acts(nlp.parse(s), words, question.lower()) for s in sentences)


def _another_acts(sentence: Any, words: set[str], question: str) -> bool:
    if any(w in sentence.text.lower() for w in words):
        return False  # the question's person stands in the sentence
    return any(
        _acts(e) and not any(w.lower() in question for w in e.text.split())
        for e in sentence.ents
        if _a_person(e)
    )


def _a_person(entity: Any) -> bool:
    """Tagged a person, or a name of two words or more with an age in apposition ("Mabel Orritt, 77,"):
    the small parse often tags an invented or rare name as an organisation."""
    if entity.label_ == "PERSON":
        return True
    aged = any(c.dep_ == "appos" and c.like_num for c in entity.root.children)
    return len(entity) > 1 and aged


def _acts(entity: Any) -> bool:
    """Whether a person is the subject of a verb other than one of saying or "be"."""
    token = entity.root
    while token.dep_ in ("appos", "compound", "flat") and token.head is not token:
        token = token.head
    verb = token.head
    return token.dep_ in ("nsubj", "nsubjpass") and verb.pos_ == "VERB" and verb.lemma_ not in _SPEECH
