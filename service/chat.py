"""Conversation over the collection: condense the follow-up, retrieve, answer, check, cite.

One turn runs: (1) if there are earlier turns, the condense chain rewrites the last user message
into a standalone question (the history-aware step, so "how many of them" retrieves the right
passage); (2) hybrid retrieval with the caller's filters; (3) the same answer chain and the same
server-side checks as /ask (`AskService.finish`): abstention, [n] renumbered in order of use, each
quote verified in its article.

Streaming yields the model's tokens as they come, with [n] markers renumbered on the fly by the
same order-of-use rule as `finish`, so the streamed text and the final citations agree. The final
event carries the checked answer, which is authoritative: if the checks turn the answer into an
abstention after it was streamed, the final event says so and lists no citations."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain_core.callbacks import get_usage_metadata_callback
from langchain_core.documents import Document

from service.answers import AskService
from service.chains.ask import ABSTENTION, build_answer_chain, format_passages
from service.chains.condense import build_condense_chain, clean_rewrite, format_history
from service.chat_schemas import ChatMessage, ChatOut
from service.llm_calls import call_llm, translate
from service.prompts import load_prompt
from service.providers import LlmProvider
from service.retrieval import Filters


@dataclass
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    estimated: bool = False  # True when the model server did not report a count (streamed answers)

    def add(self, usage_by_model: Mapping[str, Mapping[str, Any]]) -> None:
        for u in usage_by_model.values():
            self.prompt_tokens += int(u.get("input_tokens", 0))
            self.completion_tokens += int(u.get("output_tokens", 0))


@dataclass
class ChatResult:
    out: ChatOut
    usage: Usage
    timings: dict[str, float] = field(default_factory=dict)


@dataclass
class _Turn:
    question: str
    standalone: str
    docs: list[Document]
    usage: Usage


class MarkerRenumber:
    """Rewrites [n] markers in a token stream to their order of first use, holding back only the
    characters of a marker that is not closed yet."""

    _OPEN = re.compile(r"\[[\d,\s]*$")

    def __init__(self, n_docs: int) -> None:
        self.n_docs = n_docs
        self.order: dict[int, int] = {}
        self._held = ""

    def _rewrite(self, match: re.Match[str]) -> str:
        new = []
        for x in (int(v) for v in re.findall(r"\d+", match.group(1))):
            if 1 <= x <= self.n_docs:
                self.order.setdefault(x, len(self.order) + 1)
                new.append(f"[{self.order[x]}]")
        return "".join(new)

    def feed(self, piece: str) -> str:
        text = self._held + piece
        open_at = self._OPEN.search(text)
        text, self._held = (text[: open_at.start()], text[open_at.start() :]) if open_at else (text, "")
        return re.sub(r"\[(\d+(?:\s*,\s*\d+)*)\]", self._rewrite, text)

    def flush(self) -> str:
        held, self._held = self._held, ""
        return held


class ChatService:
    def __init__(self, asker: AskService, provider: LlmProvider) -> None:
        self.asker = asker
        self._answer = build_answer_chain(provider.chat_model(max_tokens=200))
        self._condense = build_condense_chain(provider.chat_model(max_tokens=64))

    def standalone(self, messages: Sequence[ChatMessage], usage: Usage) -> str:
        question = messages[-1].content.strip()
        history = [(m.role, m.content) for m in messages[:-1] if m.role in ("user", "assistant")]
        if not any(role == "user" for role, _ in history):
            return question
        with get_usage_metadata_callback() as cb:
            raw = call_llm(self._condense, {"history": format_history(history), "question": question})
        usage.add(cb.usage_metadata)
        return clean_rewrite(str(raw), question)

    def _prepare(self, messages: Sequence[ChatMessage], filters: Filters | None, k: int | None) -> _Turn:
        usage = Usage()
        standalone = self.standalone(messages, usage)
        filters = filters or Filters()
        # AskService.retrieve checks the article ids exist (404) and runs the hybrid retriever.
        docs = self.asker.retrieve(standalone, filters.article_ids or None, k, filters)
        return _Turn(messages[-1].content.strip(), standalone, docs, usage)

    def chat(
        self, messages: Sequence[ChatMessage], filters: Filters | None = None, k: int | None = None
    ) -> ChatResult:
        start = time.perf_counter()
        turn = self._prepare(messages, filters, k)
        if not turn.docs:
            return ChatResult(self._abstain(turn), turn.usage)
        inputs = {"passages": format_passages(turn.docs), "question": turn.standalone}
        with get_usage_metadata_callback() as cb:
            raw = str(call_llm(self._answer, inputs))
        turn.usage.add(cb.usage_metadata)
        checked = self.asker.finish(turn.standalone, raw, turn.docs)
        out = ChatOut(**checked.model_dump(), standalone_question=turn.standalone)
        return ChatResult(out, turn.usage, {"total_s": time.perf_counter() - start})

    def stream(
        self, messages: Sequence[ChatMessage], filters: Filters | None = None, k: int | None = None
    ) -> Iterator[str | ChatResult]:
        """Yields text pieces, then exactly one ChatResult. Errors before the first piece raise
        the product's own errors; the router turns later ones into an error event."""
        start = time.perf_counter()
        turn = self._prepare(messages, filters, k)
        if not turn.docs:
            yield ABSTENTION
            yield ChatResult(self._abstain(turn), turn.usage)
            return
        inputs = {"passages": format_passages(turn.docs), "question": turn.standalone}
        renumber = MarkerRenumber(len(turn.docs))
        raw, first = "", None
        try:
            for piece in self._answer.stream(inputs):
                raw += str(piece)
                text = renumber.feed(str(piece))
                if text:
                    first = first or time.perf_counter() - start
                    yield text
                    turn.usage.completion_tokens += 1  # llama.cpp sends one token per chunk
        except Exception as exc:
            raise translate(exc) from exc
        tail = renumber.flush()
        checked = self.asker.finish(turn.standalone, raw, turn.docs)
        # `finish` cites the best passage when the model wrote no marker: stream that marker too.
        if not checked.abstained and not renumber.order and checked.citations:
            tail += f" [{checked.citations[0].n}]"
        if tail:
            yield tail
        # llama.cpp's server reports no usage on streams: about four characters a token.
        turn.usage.prompt_tokens += len(load_prompt("ask").format(**inputs)) // 4
        turn.usage.estimated = True
        out = ChatOut(**checked.model_dump(), standalone_question=turn.standalone)
        yield ChatResult(
            out,
            turn.usage,
            {"ttft_s": first or time.perf_counter() - start, "total_s": time.perf_counter() - start},
        )

    @staticmethod
    def _abstain(turn: _Turn) -> ChatOut:
        return ChatOut(answer=ABSTENTION, citations=[], abstained=True, standalone_question=turn.standalone)
