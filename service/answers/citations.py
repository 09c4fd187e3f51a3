"""[n] citation markers: reading them, renumbering them in order of first use (whole answers and token
streams by the same rule), and picking the sentence a citation quotes.

The rule: the first passage the answer cites becomes [1], the next new one [2], and so on; a marker
naming a passage that was not given is dropped."""

from __future__ import annotations

import re
from collections.abc import Sequence

from langchain_core.documents import Document

from index.sentences import split_sentences
from service.text.numbers import values
from service.text.terms import words

_GROUP = r"\[(\d+(?:\s*,\s*\d+)*)\]"
MARKER = re.compile(r"\s*" + _GROUP)  # with the space before it, which goes with the marker
_BARE = re.compile(_GROUP)
_OPEN = re.compile(r"\[[\d,\s]*$")  # a marker not closed yet, at the end of a stream piece


def strip_markers(text: str) -> str:
    return MARKER.sub("", text)


def _numbers(group: str) -> list[int]:
    return [int(x) for x in re.findall(r"\d+", group)]


def unbracketed(answer: str, n_docs: int) -> str:
    """An answer the model wrote as bracketed numbers alone, one of which names no passage, is
    those numbers: "In which minute did Ravensholt score their penalty?" over two passages got
    "[58]" (the tune set, 2026-12-04), which read as a marker left an empty answer, taken for an
    abstention. Any other answer comes back as it is."""
    if strip_markers(answer).strip(" .") or not MARKER.search(answer):
        return answer
    beyond = [x for group in MARKER.findall(answer) for x in _numbers(group) if x > n_docs]
    return ", ".join(str(x) for x in beyond) if beyond else answer


def used_markers(answer: str, n_docs: int) -> list[int]:
    """The passages the answer cites, in order of first use."""
    seen: list[int] = []
    for group in MARKER.findall(answer):
        for x in _numbers(group):
            if 1 <= x <= n_docs and x not in seen:
                seen.append(x)
    return seen


def renumber(answer: str, used: Sequence[int]) -> str:
    """Markers rewritten so that `used[i]` reads [i + 1]; markers of other passages go."""
    new = {old: n for n, old in enumerate(used, 1)}

    def rewrite(match: re.Match[str]) -> str:
        return " " + "".join(f"[{new[x]}]" for x in _numbers(match.group(1)) if x in new)

    return MARKER.sub(rewrite, answer).replace(" .", ".").strip()


class MarkerRenumber:
    """The same renumbering over a token stream, holding back only the characters of a marker that
    is not closed yet."""

    def __init__(self, n_docs: int) -> None:
        self.n_docs = n_docs
        self.order: dict[int, int] = {}
        self._held = ""

    def _rewrite(self, match: re.Match[str]) -> str:
        new = []
        for x in _numbers(match.group(1)):
            if 1 <= x <= self.n_docs:
                self.order.setdefault(x, len(self.order) + 1)
                new.append(f"[{self.order[x]}]")
        return "".join(new)

    def feed(self, piece: str) -> str:
        text = self._held + piece
        open_at = _OPEN.search(text)
        text, self._held = (text[: open_at.start()], text[open_at.start() :]) if open_at else (text, "")
        return _BARE.sub(self._rewrite, text)

    def flush(self) -> str:
        held, self._held = self._held, ""
        return held


def best_passage(answer: str, docs: Sequence[Document]) -> int | None:
    """For an answer that cites nothing: the passage (1-based) sharing most words with it, if any."""
    wanted = words(answer)
    scores = [len(wanted & words(d.page_content)) for d in docs]
    best = max(range(len(docs)), key=lambda i: scores[i]) if docs else None
    return best + 1 if best is not None and scores[best] > 0 else None


def best_sentence(doc: Document, answer: str, question: str) -> str:
    """The passage's sentence that best supports the answer: its numbers first, then its words, then
    the question's words."""
    answer_words, question_words = words(strip_markers(answer)), words(question)
    answer_values = values(answer)

    def score(sentence: str) -> tuple[int, int, int]:
        sentence_words = words(sentence)
        return (
            len(answer_values & values(sentence)),
            len(answer_words & sentence_words),
            len(question_words & sentence_words),
        )

    sentences = [s.text for s in split_sentences(doc.page_content)] or [doc.page_content]
    return max(sentences, key=score)


def marked(answer: str, docs: Sequence[Document]) -> tuple[str, list[int]]:
    """The answer with its markers renumbered in order of use, and the passages they point to (from
    1); an answer with none gets the passage that best supports it."""
    used = used_markers(answer, len(docs))
    if not used:
        best = best_passage(answer, docs)
        used = [best] if best is not None else []
        answer = strip_markers(answer).strip() + (f" [{best}]" if best is not None else "")
    return renumber(answer, used), used
