"""Checks that every fact shown to a user stands in its article.

A quote must stand in the article (after whitespace, quote-mark and dash folding); a name or place
must stand in its quote; a count must stand in its quote as a number (digits or words). Items that
fail are dropped and counted, never shown."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.clean import fold
from index.sentences import Span, split_sentences
from service.numbers import count_in_quote, is_count_like
from service.schemas import CountItem, WhereItem, WhoItem


def quote_in(quote: str, text: str) -> bool:
    folded = fold(quote)
    return bool(folded) and folded in fold(text)


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


def verify_items(
    text: str, who: list[WhoItem], where: list[WhereItem], how_many: list[CountItem]
) -> Verified:
    out = Verified()
    seen: set[tuple[str, str]] = set()

    def fresh(kind: str, key: str) -> bool:
        marker = (kind, fold(key))
        if marker in seen:
            return False
        seen.add(marker)
        return True

    for person in who:
        ok = (
            person.name.strip()
            and not is_count_like(person.name)
            and quote_in(person.quote, text)
            and _contains_name(person.name, person.quote)
        )
        if not ok:
            out.dropped += 1
        elif fresh("who", person.name):
            out.who.append(person)
    for place in where:
        ok = (
            place.place.strip()
            and not is_count_like(place.place)
            and quote_in(place.quote, text)
            and _contains_name(place.place, place.quote)
        )
        if not ok:
            out.dropped += 1
        elif fresh("where", place.place):
            out.where.append(place)
    for item in how_many:
        ok = item.of_what.strip() and quote_in(item.quote, text) and count_in_quote(item.count, item.quote)
        if not ok:
            out.dropped += 1
        elif fresh("how_many", f"{item.count}|{item.quote}"):
            out.how_many.append(item)
    return out
