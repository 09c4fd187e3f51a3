"""Amounts of money in an answer as the article writes them.

The model rewrites a figure while it copies it: "dollars 2.5 million" for the article's "dollars
2.5m", "£1.4 million" for "pounds 1.4m". The value is the same (the checks read both as one), but a
reader who searches the article for the answer's figure does not find it, and a quote-matching
scorer does not either. An amount of the answer is put back as the passages write it when they write
that amount (same currency, same value) one way only."""

from __future__ import annotations

from collections.abc import Sequence

from langchain_core.documents import Document

from service.answers.compare import figure_of
from service.text.numbers import find_mentions


def _amount(text: str) -> tuple[str, float] | None:
    """(currency, value with its scale) of a mention that is money: "dollars 2.5m" and "$2.5
    million" are one, "$2.5bn" another."""
    figure = figure_of(text)
    return (figure[2], figure[1]) if figure and figure[2] else None


def as_written(answer: str, docs: Sequence[Document]) -> str:
    """`answer` with each amount of money spelled as the passages spell it (see the module)."""
    written: dict[tuple[str, float], set[str]] = {}
    for doc in docs:
        for mention in find_mentions(doc.page_content):
            if (amount := _amount(mention.text)) is not None:
                written.setdefault(amount, set()).add(mention.text)
    out, end = [], 0
    for mention in find_mentions(answer):
        amount = _amount(mention.text)
        spellings = written.get(amount, set()) if amount else set()
        if len(spellings) == 1:
            (spelled,) = spellings
            out.append(answer[end : mention.start] + spelled)
            end = mention.end
    return "".join(out) + answer[end:]
