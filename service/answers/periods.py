"""The figure of the year asked, in a sentence that gives one figure a year.

News lists a series in one sentence: "There were 14,260 applications in 2004, down from 21,380 in
2003 and a peak of 38,900 in 2000." Asked "How many asylum applications were made in the peak year
of 2000?", the model answered "14,260 applications": the sentence names 2000, so the time check
(service/text/times.py) let it through. Here each number of the sentence is bound to the year
written just after it ("N ... in YEAR", within a few words and no other number between); an answer
whose number is bound to another year than the one the question names takes the number bound to
the asked year when there is exactly one, else it is refused.

Read offline before it was wired in (2026-12-04, twelfth session): of the answerable questions of
the dev, tune, own and held-out sets that name a year, no gold answer is bound to another year than
the one asked (`bench/refusal_rules.py` reads every rule on the gold answers).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from langchain_core.documents import Document

from service.answers.citations import strip_markers
from service.answers.support import firm_sentences
from service.text.times import YEAR_WORD, without_asked_years

_BINDS = frozenset("in for during of".split())  # "38,900 in 2000", "a deficit for 2003"
_REACH = 7  # words after a number within which its year stands
REFUSED = ""


def bound_years(sentence: str) -> dict[str, str]:
    """Each number of the sentence (as written, currency signs off) with the year written just
    after it; numbers with no year after them are left out."""
    words = [w.strip(",.;:()'\"") for w in sentence.split()]
    out: dict[str, str] = {}
    for i, word in enumerate(words):
        number = word.lstrip("£$€")
        if not number[:1].isdigit() or YEAR_WORD.fullmatch(number):
            continue
        for j in range(i + 1, min(i + 1 + _REACH, len(words))):
            if YEAR_WORD.fullmatch(words[j]) and words[j - 1].lower() in _BINDS:
                out[number] = words[j]
                break
            if words[j].lstrip("£$€")[:1].isdigit():
                break  # another number comes first: the year is its
    return out


def for_asked_year(question: str, answer: str, docs: Sequence[Document]) -> str | None:
    """The answer with its number changed for the one the sentence binds to the asked year, or
    `REFUSED` when the sentence binds none (or several), or None when nothing is to change."""
    years = set(YEAR_WORD.findall(question))
    if len(years) != 1:
        return None
    (year,) = years
    plain = strip_markers(answer)
    for sentence in firm_sentences(without_asked_years(question, answer), docs):
        bound = bound_years(sentence)
        mine = [
            n
            for n, y in bound.items()
            if y != year and re.search(rf"(?<![\d.,]){re.escape(n)}(?![\d,])", plain)
        ]
        if not mine:
            continue
        asked = [n for n, y in bound.items() if y == year]
        return answer.replace(mine[0], asked[0]) if len(asked) == 1 else REFUSED
    return None
