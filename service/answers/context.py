"""Tight context: send the model the sentences of the retrieved chunks that bear on the question,
not the whole chunks.

Why: on 2 cores the 1.5B model reads a prompt at roughly 50-80 tokens/s, so four chunks of ~250
tokens cost 15-20 s before the first answer token. The answer to a news question nearly always
stands in one or two sentences; the rest of each chunk is paid for and mostly ignored.

How: every sentence of the retrieved chunks is scored against the question by MiniLM cosine (the
same model as retrieval) plus the share of the question's keywords it holds (names and numbers that
cosine ranks no higher than any other name or number), each keyword weighted by how few sentences
hold it, and the sentence's title counted with it: "Who is Brightwater Logistics' chief executive?"
is answered by "Chief executive Marcus Delaney, 54, said...", which names neither the company (its
title does) nor anything cosine finds close; "chief executive" stands in that sentence alone. The
best sentences are kept, up to a character budget, each with the sentence before it when that fits (a "they" or "the group" needs
its antecedent). A question that asks for a figure also gets the sentence after the best one when
that one holds no number: "The rate fell to a three-year low in December. The institute said it
fell to 9.6%..." gives its figure a sentence later. Kept sentences stay under their own chunk, in
article order, so citations still point at real chunks and every quote is still a sentence of the
article. A sentence two overlapping chunks share is read and shown once."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from index.sentences import split_sentences
from service.answers.support import WHOLE, sentence_supports
from service.text.numbers import MONTH_NAMES
from service.text.terms import stems, subject_stems

# Questions that may need two articles: a comparison, a choice, or the newest of several reports.
SPANS_ARTICLES = re.compile(
    r"\b(?:or|both|which of|compared?|than|latest|most recent|newest|earlier|later|first|last)\b", re.I
)
# Questions whose answer is a figure.
ASKS_FIGURE = re.compile(
    r"\b(?:how (?:many|much|long|far|big|old)|rate|percentage|per cent|figure|number|total|amount|cost|price)\b",
    re.I,
)
# A sentence holding every question keyword gains as much as +0.7 cosine. Picked on the own eval set
# (tests/data/eval: gold answer in the tight context 166 of 178 before the weighting; with it 170 at
# 0.3, 172 at 0.5, 174 at 0.7 and at 1.0), then read on the held-out set: 136 -> 140 of 144.
KEYWORD_WEIGHT = 0.7
# "Where was it played?": a sentence that places something ("at Kellow Park", "in Morrenby") gains
# this much. Cosine and keywords favour the sentences that repeat the question's words ("the game
# turned early"); the sentence that answers often names the teams once and the ground once.
PLACE_WEIGHT = 0.3
_PLACE_KINDS = r"(?:place|city|town|country|village|county|region|venue|ground|stadium|street)"
ASKS_PLACE = re.compile(
    rf"^\W*(?:and\s+)?(?:where\b|(?:(?:in|at|near|from|to) )?which {_PLACE_KINDS}\b)", re.I
)
_MONTHS = "|".join(m.title() for m in MONTH_NAMES)
PLACES = re.compile(rf"\b(?:at|in|near|outside|from)\s+(?:the\s+)?(?!(?:{_MONTHS})\b)[A-Z][a-z]")
RANK_PENALTY = 0.02  # a small nudge towards the chunks retrieval ranked first


@dataclass(frozen=True)
class _Sentence:
    doc: int
    index: int
    text: str
    score: float = 0.0


def _rarity(keywords: set[str], held: list[set[str]]) -> dict[str, float]:
    """Each question keyword's weight: log(1 + n / sentences holding it). "Brightwater" in every
    sentence of its article tells them apart less than "chief executive" in one."""
    n = len(held)
    weights = {}
    for term in keywords:
        df = sum(1 for terms in held if term in terms)
        if df:
            weights[term] = math.log(1 + n / df)
    return weights


def _key(docs: Sequence[Document], i: int, text: str) -> tuple[object, str]:
    """A sentence of an article, whichever of its chunks it is read in."""
    return docs[i].metadata.get("article_id", i), text


def _distinct(docs: Sequence[Document], per_doc: list[list[str]]) -> list[_Sentence]:
    """The passages' sentences, each once. Consecutive chunks share a sentence (index/chunk.py
    overlap): it is read where it first stands, or the model may be shown the same sentence as two
    passages and the budget pays for it twice."""
    seen: set[tuple[object, str]] = set()
    flat = []
    for i, texts in enumerate(per_doc):
        for j, t in enumerate(texts):
            key = _key(docs, i, t)
            if key not in seen:
                seen.add(key)
                flat.append(_Sentence(i, j, t))
    return flat


def _shown(docs: Sequence[Document], per_doc: list[list[str]], keep: set[tuple[int, int]]) -> list[Document]:
    """The kept sentences under their own chunks, in article order; a sentence kept twice (an
    antecedent that another chunk also holds) is shown once. Docs left with no sentence are dropped."""
    out = []
    shown: set[tuple[object, str]] = set()
    for i, doc in enumerate(docs):
        texts = []
        for j, t in enumerate(per_doc[i]):
            key = _key(docs, i, t)
            if (i, j) in keep and key not in shown:
                shown.add(key)
                texts.append(t)
        if texts:
            whole = doc.metadata.get(WHOLE, doc.page_content)
            out.append(
                Document(page_content=" ".join(texts), metadata={**doc.metadata, WHOLE: whole}, id=doc.id)
            )
    return out


def widen(
    question: str, docs: Sequence[Document], embeddings: Embeddings, budget_chars: int
) -> list[Document]:
    """The same chunks cut again from their whole text to a larger budget. Uncut docs are whole already."""
    whole = [
        Document(page_content=str(d.metadata.get(WHOLE, d.page_content)), metadata=dict(d.metadata), id=d.id)
        for d in docs
    ]
    return tighten(question, whole, embeddings, budget_chars)


def tighten(
    question: str, docs: Sequence[Document], embeddings: Embeddings, budget_chars: int
) -> list[Document]:
    """The retrieved docs cut down to their best sentences (budget_chars in all); docs left with
    no sentence are dropped. A budget of 0 keeps the docs whole."""
    if budget_chars <= 0 or not docs:
        return list(docs)
    per_doc = [[s.text for s in split_sentences(d.page_content)] or [d.page_content] for d in docs]
    flat = _distinct(docs, per_doc)
    if sum(len(s.text) for s in flat) <= budget_chars:
        if len(flat) == sum(len(texts) for texts in per_doc):
            return list(docs)
        return _shown(docs, per_doc, {(s.doc, s.index) for s in flat})
    vectors = embeddings.embed_documents([s.text for s in flat])
    query = embeddings.embed_query(question)
    keywords = subject_stems(question)
    titles = [stems(str(d.metadata.get("title", ""))) for d in docs]
    held = [stems(s.text) | titles[s.doc] for s in flat]
    weight = _rarity(keywords, held)
    total = sum(weight.values())
    scored = []
    place = PLACE_WEIGHT if ASKS_PLACE.search(question) else 0.0
    for s, vector, terms in zip(flat, vectors, held, strict=True):
        cosine = sum(a * b for a, b in zip(query, vector, strict=True))  # both are unit vectors
        shared = sum(weight[t] for t in keywords & terms) / total if total else 0.0
        kind = place if place and PLACES.search(s.text) else 0.0
        scored.append(
            _Sentence(s.doc, s.index, s.text, cosine + KEYWORD_WEIGHT * shared + kind - RANK_PENALTY * s.doc)
        )
    keep: set[tuple[int, int]] = set()
    used = 0
    ranked = sorted(scored, key=lambda s: -s.score)
    if SPANS_ARTICLES.search(question):
        # "Which of the two companies cut more jobs?", "the latest figure": the best sentence of each
        # of the two best articles goes first, so the answer can use both.
        articles = list(dict.fromkeys(docs[s.doc].metadata.get("article_id") for s in ranked))[:2]
        firsts = [next(s for s in ranked if docs[s.doc].metadata.get("article_id") == a) for a in articles]
        ranked = firsts + [s for s in ranked if s not in firsts]
    if ASKS_FIGURE.search(question) and not re.search(r"\d", ranked[0].text):
        best = ranked[0]
        after = next((s for s in scored if (s.doc, s.index) == (best.doc, best.index + 1)), None)
        if after is not None:  # right after the best sentence, before the rest
            ranked = [best, after] + [s for s in ranked if s not in (best, after)]
    for s in ranked:
        if (s.doc, s.index) in keep:
            continue
        own = len(s.text) + 1
        before = (s.doc, s.index - 1)
        extra = len(per_doc[s.doc][s.index - 1]) + 1 if s.index > 0 and before not in keep else 0
        if extra and used + own + extra <= budget_chars:
            keep.update({before, (s.doc, s.index)})
            used += own + extra
        elif used + own <= budget_chars or not keep:  # the best sentence goes in even over budget
            keep.add((s.doc, s.index))
            used += own
    return _shown(docs, per_doc, keep)


def within_reach(
    question: str, docs: Sequence[Document], gate: float, carried: frozenset[str] = frozenset()
) -> list[Document]:
    """Only the sentences of the passages that could carry an answer the gate accepts: those whose
    support (support.py: the question's terms met by the sentence, the one before it and the
    title) is at least `gate`, each with the sentence before it, under their own chunk. An answer
    given when asked again must rest on such a sentence (MIN_SUPPORT_AGAIN), so the retry reads
    those and nothing else: the 1.5B model, shown a page, picked a sentence about another part of
    the story ("Gordon Brown will deliver his Budget ... on 16 March" for which of his Budgets it
    is); shown the one sentence that speaks of it, it reads it. `carried`: a follow-up's subject."""
    per_doc: list[list[str]] = [[] for _ in docs]
    keep: set[tuple[int, int]] = set()
    for n, sentence, score in sentence_supports(question, docs, carried):
        i, j = n - 1, len(per_doc[n - 1])
        per_doc[i].append(sentence)
        if score >= gate:
            keep.update({(i, j), (i, j - 1)} if j else {(i, j)})
    return _shown(docs, per_doc, keep)
