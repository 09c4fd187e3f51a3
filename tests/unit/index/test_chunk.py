from __future__ import annotations

from itertools import pairwise

from index.chunk import chunk_text
from index.clean import clean_text
from index.sentences import split_sentences


def words(texts: list[str] | tuple[str, ...]) -> list[int]:
    """A stand-in tokenizer for a unit test of the packing logic: one token per word."""
    return [len(t.split()) for t in texts]


def test_sentences_keep_offsets_and_abbreviations() -> None:
    text = "Police and U.S. authorities met Mr. Smith. The gang fled! Did it? Yes."
    spans = split_sentences(text)
    assert [s.text for s in spans] == [
        "Police and U.S. authorities met Mr. Smith.",
        "The gang fled!",
        "Did it?",
        "Yes.",
    ]
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_chunks_fit_the_window_overlap_by_a_sentence_and_are_verbatim() -> None:
    text = " ".join(f"Sentence number {i} has exactly seven words." for i in range(60))
    chunks = chunk_text(text, words, max_tokens=50, overlap=1, min_tokens=10)
    assert len(chunks) > 5
    for chunk in chunks:
        assert chunk.tokens <= 50
        assert text[chunk.start : chunk.end] == chunk.text
    for before, after in pairwise(chunks):
        assert after.start < before.end  # one sentence shared
    assert chunks[0].start == 0 and chunks[-1].end == len(text)


def test_no_tiny_tail() -> None:
    text = " ".join(["This sentence has six words in it."] * 7) + " Tail."
    chunks = chunk_text(text, words, max_tokens=40, overlap=0, min_tokens=10)
    assert all(c.tokens >= 10 for c in chunks)
    assert chunks[-1].end == len(text)


def test_overlong_sentence_is_cut_at_words() -> None:
    text = " ".join(["word"] * 120) + "."
    chunks = chunk_text(text, words, max_tokens=50, overlap=1, min_tokens=0)
    assert all(c.tokens <= 50 for c in chunks)
    assert chunks[-1].end == len(text)


def test_clean_text_normalises_whitespace_and_controls() -> None:
    assert clean_text("  A\u00a0 b\x07c\r\n\r\n\r\nD  ") == "A bc\n\nD"
