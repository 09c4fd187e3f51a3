"""Conversation over the collection: condense the follow-up, retrieve, answer, check, cite.

One turn runs: (1) if there are earlier turns, the condense chain rewrites the last user message
into a standalone question (the history-aware step, so "how many of them" retrieves the right
passage; a follow-up that already stands alone is kept as asked: `condense.stands_alone`); (2)
hybrid retrieval with the caller's filters; (3) the answer chain and the server-side checks of the
ask service (`AskService.finish`): abstention, [n] renumbered in order of use, each quote verified
in its article.

Streaming yields the model's tokens as they come, with [n] markers renumbered on the fly by the
same order-of-use rule as `finish`, so the streamed text and the final citations agree. The final
event carries the checked answer, which is authoritative: if the checks turn the answer into an
abstention after it was streamed, the final event says so and lists no citations."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from langchain_core.callbacks import get_usage_metadata_callback
from langchain_core.documents import Document
from langchain_core.runnables import Runnable
from pydantic import Field

from index.clean import fold
from service.answers import ABSTENTION, Answer, AskService, MarkerRenumber, Reply, answer_inputs
from service.answers.checks import says_no
from service.answers.citations import unbracketed
from service.answers.support import carried_terms
from service.chat.condense import clean_rewrite, format_history, stands_alone
from service.chat.prewarm import RewritePrewarm
from service.llm.calls import call_llm
from service.llm.prompts import load_prompt
from service.retrieval import Filters


def may_be_abstention(raw: str) -> bool:
    """Whether the streamed text so far could still be (or already is) the abstention sentence."""
    said, abstention = fold(raw).strip(), fold(ABSTENTION)
    return bool(said) and (abstention.startswith(said) or said.startswith(abstention.rstrip(".")))


class Message(Protocol):
    """What a turn needs of a message: the API's ChatMessage and the eval's Turn both are one."""

    @property
    def role(self) -> str: ...

    @property
    def content(self) -> str: ...


@dataclass
class Turn:
    """One message of a conversation, for callers that are not the HTTP API (the eval)."""

    role: str
    content: str


class ChatAnswer(Answer):
    standalone_question: str = Field(description="the question actually searched and answered")


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
    out: ChatAnswer
    usage: Usage
    timings: dict[str, float] = field(default_factory=dict)


@dataclass
class _Turn:
    standalone: str
    docs: list[Document]
    usage: Usage
    # A follow-up's terms from the question before it: its subject, which the passage that answers
    # names once and the answering sentence may not repeat (support.py `carried_terms`).
    carried: frozenset[str] = frozenset()
    # A choice between two named things, answered whole by the ask service (no passages retrieved).
    chosen: Answer | None = None


def previous_question(messages: Sequence[Message]) -> str:
    """The user's question before the last message, "" in a first turn."""
    return next((m.content.strip() for m in reversed(messages[:-1]) if m.role == "user"), "")


class ChatService:
    def __init__(self, asker: AskService, condense: Runnable, prewarm: RewritePrewarm | None = None) -> None:
        self.asker = asker
        self._condense = condense
        self._prewarm = prewarm  # the conversation read into the rewriter after each turn (prewarm.py)

    def _answered(self, messages: Sequence[Message], answer: str) -> None:
        if self._prewarm is not None:
            turns = [(m.role, m.content) for m in messages if m.role in ("user", "assistant")]
            self._prewarm.after_turn([*turns, ("assistant", answer)])

    def standalone(self, messages: Sequence[Message], usage: Usage) -> str:
        question = messages[-1].content.strip()
        history = [(m.role, m.content) for m in messages[:-1] if m.role in ("user", "assistant")]
        if not any(role == "user" for role, _ in history) or stands_alone(question):
            return question
        with get_usage_metadata_callback() as cb:
            raw = call_llm(self._condense, {"history": format_history(history), "question": question})
        usage.add(cb.usage_metadata)
        # Without a usable rewrite, the previous question carries the context the follow-up leans on.
        previous = previous_question(messages)
        return clean_rewrite(str(raw), f"{previous} {question}".strip(), asked=question)

    def _prepare(self, messages: Sequence[Message], filters: Filters | None, k: int | None) -> _Turn:
        usage = Usage()
        standalone = self.standalone(messages, usage)
        filters = filters or Filters()
        # "Which company is cutting more jobs, A or B?": each option asked alone, then compared.
        chosen = self.asker.choose(standalone, filters.article_ids or None, k, filters)
        if chosen is not None:
            return _Turn(standalone, [], usage, chosen=chosen)
        previous = previous_question(messages)
        if filters.article_ids or not previous:
            # AskService.retrieve checks the article ids exist (404) and runs the hybrid retriever.
            docs = self.asker.retrieve(standalone, filters.article_ids or None, k, filters)
        else:  # a follow-up: the previous question's article first (AskService.retrieve_following)
            docs = self.asker.retrieve_following(standalone, previous, k, filters)
        return _Turn(standalone, docs, usage, carried_terms(standalone, previous))

    def chat(
        self, messages: Sequence[Message], filters: Filters | None = None, k: int | None = None
    ) -> ChatResult:
        start = time.perf_counter()
        turn = self._prepare(messages, filters, k)
        if turn.chosen is not None:
            self._answered(messages, turn.chosen.answer)
            out = ChatAnswer(**turn.chosen.model_dump(), standalone_question=turn.standalone)
            return ChatResult(out, turn.usage, {"total_s": time.perf_counter() - start})
        if not turn.docs:
            return ChatResult(self._abstain(turn), turn.usage)
        with get_usage_metadata_callback() as cb:
            reply = self.asker.generate(turn.standalone, turn.docs, turn.carried)
        turn.usage.add(cb.usage_metadata)
        checked = self.asker.finish(turn.standalone, reply, turn.docs, turn.carried)
        out = ChatAnswer(**checked.model_dump(), standalone_question=turn.standalone)
        self._answered(messages, out.answer)
        return ChatResult(out, turn.usage, {"total_s": time.perf_counter() - start})

    def stream(
        self, messages: Sequence[Message], filters: Filters | None = None, k: int | None = None
    ) -> Iterator[str | ChatResult]:
        """Yields text pieces, then exactly one ChatResult. Errors before the first piece raise
        the product's own errors; the route turns later ones into an error event."""
        start = time.perf_counter()
        turn = self._prepare(messages, filters, k)
        if turn.chosen is not None:  # a choice between two things: answered whole, as in `chat`
            yield turn.chosen.answer
            self._answered(messages, turn.chosen.answer)
            yield self._result(turn, turn.chosen, start, None)
            return
        if not turn.docs:
            yield ABSTENTION
            yield ChatResult(self._abstain(turn), turn.usage)
            return
        # A count the passages may settle, or tight passages no answer could clear the gate over
        # (then wider ones are read, if any could): answered whole, checked, then shown whole.
        if self.asker.recounts(turn.standalone, turn.docs) or self.asker.out_of_reach(
            turn.standalone, turn.docs, carried=turn.carried
        ):
            reply = self.asker.generate(turn.standalone, turn.docs, turn.carried)
            checked = self.asker.finish(turn.standalone, reply, turn.docs, turn.carried)
            yield checked.answer
            self._answered(messages, checked.answer)
            yield self._result(turn, checked, start, None)
            return
        renumber = MarkerRenumber(len(turn.docs))
        raw, held, first = "", "", None
        for piece in self.asker.stream(turn.standalone, turn.docs):
            raw += piece
            if may_be_abstention(raw):
                held += piece  # not shown yet: if it is the abstention, the model is asked again
                continue
            text, held = renumber.feed(held + piece), ""
            if text:
                first = first or time.perf_counter() - start
                yield text
                turn.usage.completion_tokens += 1  # llama.cpp sends one token per chunk
        bare = unbracketed(raw, len(turn.docs))
        if bare != raw:  # "[58]": the answer written as a marker naming no passage, so none shown
            checked = self.asker.finish(turn.standalone, Reply(bare), turn.docs, turn.carried)
            first = first or time.perf_counter() - start
            yield checked.answer
        elif says_no(raw):  # the whole answer was the abstention, and none of it was shown
            reply = self.asker.again_if_abstained(turn.standalone, raw, turn.docs, carried=turn.carried)
            checked = self.asker.finish(turn.standalone, reply, turn.docs, turn.carried)
            first = first or time.perf_counter() - start
            yield checked.answer  # asked again without streaming: the checked answer, whole
        else:
            tail = renumber.feed(held) + renumber.flush()
            checked = self.asker.finish(turn.standalone, Reply(raw), turn.docs, turn.carried)
            # `finish` cites the best passage when the model wrote no marker: stream that marker too.
            if not checked.abstained and not renumber.order and checked.citations:
                tail += f" [{checked.citations[0].n}]"
            if tail:
                yield tail
        self._answered(messages, checked.answer)
        yield self._result(turn, checked, start, first)

    @staticmethod
    def _result(turn: _Turn, checked: Answer, start: float, first: float | None) -> ChatResult:
        # llama.cpp's server reports no usage on streams: about four characters a token.
        prompt = load_prompt("ask").format(**answer_inputs(turn.standalone, turn.docs))
        turn.usage.prompt_tokens += len(prompt) // 4
        turn.usage.estimated = True
        out = ChatAnswer(**checked.model_dump(), standalone_question=turn.standalone)
        now = time.perf_counter() - start
        return ChatResult(out, turn.usage, {"ttft_s": first or now, "total_s": now})

    @staticmethod
    def _abstain(turn: _Turn) -> ChatAnswer:
        return ChatAnswer(
            answer=ABSTENTION, citations=[], abstained=True, standalone_question=turn.standalone
        )
