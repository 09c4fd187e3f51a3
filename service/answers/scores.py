"""A score asked for: "What was the score of Spain's friendly against England?" wants "1-0".

A score is a pair (a match's "27-19", a set's "6-4", a vote's "301 votes to 289"), and a single
number is no score: on a CPU with AVX2 only, the 1.5B model answered Spain's friendly "1" from a
passage that reads "1-0", and every check let it through (the 1 stands in the passage). So a
question that asks for a score (checks.py `_wrong_type`) wants a pair in the answer, and when the
answer ends as an abstention, the one score of the sentence that speaks of the question most fully
answers (`sole_score`, as amounts.py `sole_amount` does for money): a sentence with two scores ("won
27-19 after leading 17-6 at half-time") leaves the abstention. Every score question of the four
eval sets has a pair for its gold answer (2026-12-04)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from langchain_core.documents import Document

from index.clean import fold
from service.answers.support import fullest_sentences

# "What was the score ...", "What was the half-time score ...", "By what score did ...", "What
# was the final scoreline ...". Not "Who scored ...", not "How many goals did he score?".
_SCORE_ASKED = re.compile(
    r"^(?:what (?:was|is|were|are) the (?:[\w-]+ )?(?:score|scoreline)s?\b|by what (?:score|scoreline)\b"
    r"|what (?:was|is) the (?:final )?(?:result|outcome) of\b.*\b(?:vote|ballot|poll|match|game|final)\b)"
)  # and "What was the result of the council vote / the match?": "31 to 22", "2-1"
# A pair: "1-0", "27 - 19", "6-4 3-6 7-5", "26–18", "301 votes to 289", "31 to 22".
SCORE = re.compile(r"\b\d{1,3}\s?[-–]\s?\d{1,3}\b(?![-–]\d)|\b\d{1,3}(?:\s+votes?)?\s+to\s+\d{1,3}\b")
_SCORE_WORDS = re.compile(r"\b(?:score|scoreline|half-time|final|result|outcome)s?\b", re.I)
_NOT_SCORE = re.compile(r"\b\d{1,3}\s?[-–]\s?(?:year|month|week|day|hour|minute|mile|point)")


def asks_score(question: str) -> bool:
    return _SCORE_ASKED.search(fold(question).strip()) is not None


def scores_in(text: str) -> list[str]:
    """The pairs a text writes, as written; not "a 13-month ban" or "a 3-day session"."""
    return [m.group(0) for m in SCORE.finditer(text) if not _NOT_SCORE.match(text, m.start())]


def sole_score(question: str, docs: Sequence[Document]) -> str | None:
    """The score as its sentence writes it ("1-0 [1]."), or None: the question asks for a score, and
    the sentences that speak of it most fully (at least the asked-again gate, the question's time
    named) hold exactly one score among them."""
    if not asks_score(question):
        return None
    subject = _SCORE_WORDS.sub(" ", question)  # the pair answers "score": the sentence need not say it
    found = [
        (pair, n)
        for n, sentence in fullest_sentences(subject, question, docs)
        for pair in scores_in(sentence)
    ]
    if len({re.sub(r"\s", "", pair) for pair, _ in found}) != 1:
        return None
    pair, n = found[0]
    return f"{pair} [{n}]."
