"""Does the answer's sentence speak of a sibling of the thing asked about?

A question often narrows its thing with a word before it: "the Crownfield brand", "an experienced
driver", "Mill Lane library". The 1.5B model answers from the sentence whose figure sits by the
same noun narrowed another way ("bought the Meadowsweet brand in 2004 for pounds 120m", "a newly
qualified driver at Northvale earns pounds 48,200", "visits to Kelsbridge libraries"): another
brand, another driver, another group of libraries. The term share (support.py) lets such an answer
through, as the sentence holds most of the question's words.

The rule: the answer is refused when every sentence it rests on puts, before the noun the question
narrows, a narrowing word of the same kind (a name for a name, a describing word for a describing
word) and not the question's own. Words that only rank or count ("new", "last", "more", "other")
and the sentence's first word are no narrowing; a run of narrowing words ends at one of them, so
"Pentyre Town last season" narrows nothing.

Read offline before it was wired in (2026-12-04, eleventh session): on the sentence that holds the
gold answer of every answerable question of the dev, tune and own sets (370 questions) it refuses
none; of the own set's answered unanswerable questions it refuses the three above.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from langchain_core.documents import Document

from index.clean import fold
from service.answers.actors import by_another_person
from service.answers.counts import counts_another_thing
from service.answers.roles import holds_another_role
from service.answers.support import firm_sentences
from service.text.nlp import NewsNlp

# Words that rank, count or place in time: "the new runway", "the remaining 14 dates", "last season".
_NOT_NARROWING = frozenset(
    "many much few more most less fewer new extra other record total remaining further former latest "
    "last next first second third same own several various whole entire overall".split()
)


class Narrowed(NamedTuple):
    word: str  # lower case
    noun: str  # the noun's lemma, lower case
    kind: str  # "name" (capitalised) or "describing"


def narrowings(parsed: Any) -> list[Narrowed]:
    """Each noun of a parsed text with the words that narrow it: the run of describing words and
    names just before it ("an experienced Northvale Rail driver": experienced, Northvale, Rail)."""
    tokens = list(parsed)
    out: list[Narrowed] = []
    for i, token in enumerate(tokens):
        if token.pos_ != "NOUN":
            continue
        j = i - 1
        while j >= 0 and _narrows(tokens[j]):
            word = tokens[j]
            # Capitalised inside the text: a name, whatever the tagger calls it ("Kelsbridge" ADJ).
            kind = "name" if word.text[:1].isupper() and j > 0 else "describing"
            out.append(Narrowed(word.lower_, token.lemma_.lower(), kind))
            j -= 1
    return out


def _narrows(token: Any) -> bool:
    if token.lower_ in _NOT_NARROWING or not token.is_alpha:
        return False
    return token.pos_ in ("ADJ", "PROPN") or (token.tag_ == "VBN" and token.dep_ == "amod")


def _sibling(asked: Sequence[Narrowed], sentence: Any, text: str) -> bool:
    """Whether the sentence narrows one of the question's nouns another way, and not its way."""
    found = narrowings(sentence)
    for word, noun, kind in asked:
        if word in text:
            continue  # the question's own narrowing stands in the sentence
        if any(f.noun == noun and f.kind == kind and f.word != word for f in found):
            return True
    return False


def narrows_another(nlp: NewsNlp, question: str, answer: str, docs: Sequence[Document]) -> bool:
    """Whether every sentence the answer rests on speaks of a sibling of the thing asked about."""
    asked = narrowings(nlp.parse(question))
    if not asked:
        return False
    sentences = firm_sentences(answer, docs)
    return bool(sentences) and all(_sibling(asked, nlp.parse(s), fold(s)) for s in sentences)


# "at Harbour Street Primary": a place the question puts its thing in; "In Skerrow Bay, 81% of children
# ...": a sentence that opens by placing its figures in another.
_PLACE_ASKED = re.compile(r"\b(?:in|at)\s+((?:[A-Z][\w'’-]*\s?)+)")
_PLACE_OPENING = re.compile(r"^(?:In|At)\s+(?:[A-Z][\w'’-]*\s?)+,")


def placed_elsewhere(question: str, answer: str, docs: Sequence[Document]) -> bool:
    """Whether every sentence the answer rests on opens by placing its figures in another place than
    the one the question names, and names no word of it ("What share of pupils at Harbour Street
    Primary ...?" answered from "In Skerrow Bay, 81% of children had received both doses"). Read
    offline on the sentences holding the gold answers of the 514 answerable questions of the dev,
    tune, own and held-out sets: none refused (2026-12-04, twelfth session)."""
    asked = _PLACE_ASKED.search(question)
    if asked is None:
        return False
    words = [w.lower() for w in re.findall(r"[\w]+", asked[1])]
    sentences = firm_sentences(answer, docs)
    return bool(sentences) and all(
        _PLACE_OPENING.match(s) and not any(re.search(rf"\b{w}\b", s.lower()) for w in words)
        for s in sentences
    )


def of_another_thing(nlp: NewsNlp, question: str, answer: str, docs: Sequence[Document]) -> bool:
    """Whether the answer speaks of another thing than the one asked about: a count of another
    noun (counts.py `counts_another_thing`), a sibling of it (`narrows_another`), someone who
    does not hold the role asked about (roles.py), what another person did (actors.py), or what
    happened in another place (`placed_elsewhere`)."""
    return (
        counts_another_thing(nlp, question, answer, docs)
        or narrows_another(nlp, question, answer, docs)
        or holds_another_role(question, answer, docs)
        or by_another_person(nlp, question, answer, docs)
        or placed_elsewhere(question, answer, docs)
    )
