"""What one summary call reads: a section of the article (long articles are cut at sentence
boundaries into sections that fit the model's context), with every numeric mention tagged in place
("84 (N3) women") and the capitalised names the model must judge."""

from __future__ import annotations

from dataclasses import dataclass

from index.registry import ArticleRecord
from index.sentences import split_sentences
from service.text.names import find_names
from service.text.numbers import Mention, find_mentions

SECTION_CHARS = 12_000  # ~3k tokens of article per call: fits the 8k context with prompt and output


@dataclass
class SectionInput:
    text: str
    tagged: str
    numbers: str
    names: list[str]
    mentions: list[Mention]


def tag_numbers(text: str) -> SectionInput:
    """Mark each numeric mention in place, e.g. "84 (N3) women", so the model can pick counts by id."""
    mentions = find_mentions(text)
    pieces, last = [], 0
    for n, mention in enumerate(mentions, 1):
        pieces.append(text[last : mention.end])
        pieces.append(f" (N{n})")
        last = mention.end
    pieces.append(text[last:])
    listing = "\n".join(f"N{n}: {m.text}" for n, m in enumerate(mentions, 1)) or "(none)"
    return SectionInput(text, "".join(pieces), listing, find_names(text, limit=30), mentions)


def section_inputs(article: ArticleRecord, section: SectionInput) -> dict[str, str]:
    """The summary prompt's variables for one section (direct calls and Batch API lines alike)."""
    return {
        "title": article.title,
        "text": section.tagged,
        "numbers": section.numbers,
        "names": "\n".join(section.names) or "(none)",
    }


def split_sections(text: str, max_chars: int = SECTION_CHARS) -> list[str]:
    """Cut at sentence boundaries into pieces of at most max_chars (a longer sentence stands alone)."""
    sections: list[str] = []
    start = end = 0
    for span in split_sentences(text):
        if span.end - start > max_chars and end > start:
            sections.append(text[start:end])
            start = span.start
        end = span.end
    if end > start:
        sections.append(text[start:end])
    return sections
