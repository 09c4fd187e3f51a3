"""Amounts of money, and units of length and volume, in an answer as the article writes them.

The model rewrites a figure while it copies it: "dollars 2.5 million" for the article's "dollars
2.5m", "£1.4 million" for "pounds 1.4m", and at times in another currency: "$3.2 million" for the
article's "pounds 3.2m" (the own set's marathon, 2026-12-04), which the currency check then refused
as an amount from memory. The value came from the passage; only its spelling did not. So before the
checks read the answer, each amount of money in it is put back as the passages write that value
(with its scale: "2.5m" is not "2.5bn"), when they write it one way only and as money. Two amounts
of one value in two currencies, or a value the passages do not hold, are left for the checks.
Units go the same way: "11 meters" over an article that writes "11 metres" (held-out, 2026-12-04)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from langchain_core.documents import Document

from service.answers.compare import figure_of
from service.text.numbers import find_mentions


def _amount(text: str) -> float | None:
    """The value with its scale of a mention that is money ("dollars 2.5m" and "$2.5 million" are
    one, "$2.5bn" another); None for a figure that is no money."""
    figure = figure_of(text)
    return figure[1] if figure and figure[2] else None


def as_written(answer: str, docs: Sequence[Document]) -> str:
    """`answer` with each amount of money spelled as the passages spell it (see the module)."""
    written: dict[float, set[str]] = {}
    for doc in docs:
        for mention in find_mentions(doc.page_content):
            if (amount := _amount(mention.text)) is not None:
                written.setdefault(amount, set()).add(mention.text)
    out, end = [], 0
    for mention in find_mentions(answer):
        amount = _amount(mention.text)
        spellings = written.get(amount, set()) if amount is not None else set()
        if len(spellings) == 1:
            (spelled,) = spellings
            out.append(answer[end : mention.start] + spelled)
            end = mention.end
    return _units_as_written("".join(out) + answer[end:], " ".join(d.page_content for d in docs))


# The model writes units the American way ("11 meters") over an article that writes "11 metres".
_AMERICAN_UNIT = re.compile(r"\b((?:kilo|centi|milli)?(?:met|lit))er(s?)\b", re.I)


def _units_as_written(answer: str, passages: str) -> str:
    """ "meters", "liters" and their kin spelled as the passages spell them ("metres"), if they do."""

    def british(match: re.Match[str]) -> str:
        word = f"{match.group(1)}re{match.group(2)}"
        return word if re.search(rf"\b{re.escape(word)}\b", passages, re.I) else match.group(0)

    return _AMERICAN_UNIT.sub(british, answer)
