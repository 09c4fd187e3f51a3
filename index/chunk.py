"""Token-aware chunking: sentence-packed chunks that fit MiniLM's 256-token window.

Each chunk is a verbatim slice of the cleaned article (start/end offsets), so a quote taken from
a chunk always stands in its article. Consecutive chunks share `overlap` sentences so that a fact
split across a boundary is still retrievable; a tiny tail is merged back instead of left alone."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from index.sentences import Span, split_sentences

CountTokens = Callable[[Sequence[str]], list[int]]


@dataclass(frozen=True)
class Chunk:
    index: int
    start: int
    end: int
    text: str
    tokens: int


def _split_long(text: str, span: Span, max_tokens: int, count: CountTokens) -> list[Span]:
    """Cut a sentence longer than the window at word boundaries."""
    words: list[tuple[int, int]] = []
    pos = span.start
    for word in span.text.split():
        begin = text.index(word, pos)
        words.append((begin, begin + len(word)))
        pos = begin + len(word)
    counts = count([text[a:b] for a, b in words])
    pieces: list[Span] = []
    first, used = 0, 0
    for i, n in enumerate(counts):
        if used + n > max_tokens and i > first:
            pieces.append(Span(words[first][0], words[i - 1][1], text[words[first][0] : words[i - 1][1]]))
            first, used = i, 0
        used += n
    pieces.append(Span(words[first][0], words[-1][1], text[words[first][0] : words[-1][1]]))
    return pieces


def chunk_text(
    text: str, count: CountTokens, max_tokens: int = 254, overlap: int = 1, min_tokens: int = 48
) -> list[Chunk]:
    spans = split_sentences(text)
    if not spans:
        return []
    sizes = count([s.text for s in spans])
    units: list[tuple[Span, int]] = []
    for span, size in zip(spans, sizes, strict=True):
        if size <= max_tokens:
            units.append((span, size))
        else:
            pieces = _split_long(text, span, max_tokens, count)
            units.extend(zip(pieces, count([p.text for p in pieces]), strict=True))

    groups: list[list[int]] = []  # unit indexes per chunk
    current: list[int] = []
    used = 0
    for i, (_, size) in enumerate(units):
        if current and used + size > max_tokens:
            groups.append(current)
            # Carry the last `overlap` sentences forward, if they leave room for new text.
            carry = [j for j in current[-overlap:] if overlap] if overlap else []
            while carry and sum(units[j][1] for j in carry) + size > max_tokens // 2:
                carry = carry[1:]
            current, used = carry, sum(units[j][1] for j in carry)
        current.append(i)
        used += size
    groups.append(current)

    if len(groups) > 1:
        tail_new = [j for j in groups[-1] if j not in groups[-2]]
        tail_size = sum(units[j][1] for j in tail_new)
        merged = sorted(set(groups[-2]) | set(groups[-1]))
        if tail_size < min_tokens and sum(units[j][1] for j in merged) <= max_tokens:
            groups[-2:] = [merged]

    chunks = []
    for n, group in enumerate(groups):
        start, end = units[group[0]][0].start, units[group[-1]][0].end
        chunks.append(Chunk(n, start, end, text[start:end], sum(units[j][1] for j in group)))
    return chunks
