"""Text normalisation applied once, at ingest. The cleaned text is what is stored and what every
quote is checked against, so cleaning must never reorder or invent words."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2032": "'"})
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-"})


def clean_text(text: str) -> str:
    """NFC, no control characters, single spaces, paragraphs kept as one blank line."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def fold(text: str) -> str:
    """Loose form for comparing quotes: straight quote marks and dashes, one space, lower case."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).translate(_DASHES)
    text = re.sub(r"\b(\w)\.\s+(?=\w\.)", r"\1.", text)  # "U. S." as models sometimes write "U.S."
    return re.sub(r"\s+", " ", text).strip().lower()


def quote_in(quote: str, text: str) -> bool:
    """Whether `quote` stands in `text`, up to quote marks, dashes, spacing and case."""
    folded = fold(quote)
    return bool(folded) and folded in fold(text)


def content_hash(text: str) -> str:
    return hashlib.sha256(fold(text).encode()).hexdigest()


def looks_binary(raw: str) -> bool:
    """True for text that is mostly not language: NULs or many replacement/control characters."""
    if "\x00" in raw:
        return True
    sample = raw[:20_000]
    if not sample:
        return False
    odd = sum(1 for ch in sample if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\n\r\t"))
    return odd / len(sample) > 0.05
