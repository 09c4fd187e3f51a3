"""Checks that every fact shown to a user stands in its article.

A quote must stand in the article (after whitespace, quote-mark and dash folding); a name or place
must stand in its quote; a count must stand in its quote as a number (digits or words). Items that
fail are dropped and counted, never shown."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.clean import fold, quote_in
from index.sentences import Span, split_sentences
from service.summaries.models import CountItem, WhereItem, WhoItem
from service.text.numbers import count_in_quote, is_count_like


def _contains_name(name: str, quote: str) -> bool:
    pattern = r"(?<!\w)" + re.escape(fold(name)) + r"(?!\w)"
    return re.search(pattern, fold(quote)) is not None


def sentence_with(text: str, needle: str, sentences: list[Span] | None = None) -> str | None:
    """The first sentence of the article that contains `needle` as whole words."""
    for span in sentences if sentences is not None else split_sentences(text):
        if _contains_name(needle, span.text):
            return span.text
    return None


@dataclass
class Verified:
    who: list[WhoItem] = field(default_factory=list)
    where: list[WhereItem] = field(default_factory=list)
    how_many: list[CountItem] = field(default_factory=list)
    dropped: int = 0


def name_grounded(name: str, quote: str, text: str) -> bool:
    """A who/where entry: a real name (not a count), in its quote, and the quote in the article."""
    return (
        bool(name.strip())
        and not is_count_like(name)
        and quote_in(quote, text)
        and _contains_name(name, quote)
    )


def count_grounded(item: CountItem, text: str) -> bool:
    return (
        bool(item.of_what.strip()) and quote_in(item.quote, text) and count_in_quote(item.count, item.quote)
    )


def verify_items(
    text: str, who: list[WhoItem], where: list[WhereItem], how_many: list[CountItem]
) -> Verified:
    """Keeps what is grounded (first of each duplicate), counts what is not in `dropped`."""
    out = Verified()
    seen: set[tuple[str, str]] = set()

    def keep(kind: str, key: str, grounded: bool) -> bool:
        if not grounded:
            out.dropped += 1
            return False
        marker = (kind, fold(key))
        fresh = marker not in seen
        seen.add(marker)
        return fresh

    out.who = [p for p in who if keep("who", p.name, name_grounded(p.name, p.quote, text))]
    out.where = [p for p in where if keep("where", p.place, name_grounded(p.place, p.quote, text))]
    out.how_many = [c for c in how_many if keep("how_many", f"{c.count}|{c.quote}", count_grounded(c, text))]
    return out
