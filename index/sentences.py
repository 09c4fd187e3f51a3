"""Sentence spans with character offsets into the cleaned text.

A regex splitter is enough for news prose and keeps offsets exact, which the chunker and the
quote checker both need. It avoids splitting after common abbreviations and initials."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "jr",
    "sr",
    "gen",
    "col",
    "lt",
    "sgt",
    "gov",
    "sen",
    "rep",
    "inc",
    "ltd",
    "co",
    "corp",
    "vs",
    "no",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "u.s",
    "u.k",
    "u.n",
    "e.g",
    "i.e",
    "etc",
    "approx",
    "dept",
    "est",
}
_BOUNDARY = re.compile(r"([.!?]+[\"')\]]*)(\s+)(?=[\"'(\[]?[A-Z0-9])|\n+")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


# What may stand right before a sentence's first word: its end marks, quote marks, a colon, a newline.
_OPENERS = ".!?\"'’“”:\n"


def at_sentence_start(text: str, index: int) -> bool:
    """Whether the word at `index` opens a sentence (or a quotation), so its capital says nothing."""
    before = text[:index].rstrip()
    return not before or before[-1] in _OPENERS


def _ends_with_abbreviation(text: str) -> bool:
    word = text.rstrip(".!?\"')]").rsplit(None, 1)[-1].lower() if text.strip() else ""
    return word.rstrip(".") in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def split_sentences(text: str) -> list[Span]:
    spans: list[Span] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end(1) if match.group(1) else match.start()
        if match.group(1) and _ends_with_abbreviation(text[start:end]):
            continue
        _add(spans, text, start, end)
        start = match.end()
    _add(spans, text, start, len(text))
    return spans


def _add(spans: list[Span], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        offset = start + (len(piece) - len(piece.lstrip()))
        spans.append(Span(offset, offset + len(stripped), stripped))
