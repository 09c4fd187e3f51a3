"""HTTP schemas for conversation: /chat (ours) and /v1/chat/completions (OpenAI's request shape)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from service.chat import ChatAnswer
from service.retrieval import Filters


class ChatFilters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    article_ids: list[str] | None = Field(default=None, max_length=1_000)
    source: str | list[str] | None = Field(default=None, description="one source or any of several")
    published_from: date | None = Field(default=None, description="inclusive, UTC")
    published_to: date | None = Field(default=None, description="inclusive, UTC")

    def to_filters(self) -> Filters:
        sources = [self.source] if isinstance(self.source, str) else self.source or []
        return Filters(
            article_ids=tuple(self.article_ids or ()),
            sources=tuple(sources),
            published_from=self.published_from,
            published_to=self.published_to,
        )


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Literal["system", "user", "assistant"]
    content: str  # lengths are checked against the settings (service/api/limits.py): 413 over them


class ChatIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    messages: list[ChatMessage] = Field(min_length=1)
    filters: ChatFilters | None = None
    stream: bool = False
    k: int | None = Field(default=None, ge=1, le=20)

    @field_validator("messages")
    @classmethod
    def ends_with_a_question(cls, messages: list[ChatMessage]) -> list[ChatMessage]:
        if messages[-1].role != "user" or not messages[-1].content.strip():
            raise ValueError("the last message must be a non-empty user message")
        return messages


class ChatOut(ChatAnswer):
    """The checked answer of the turn, with the standalone question it answered."""


class OpenAIMessage(BaseModel):
    # OpenAI clients send fields we do not use (name, tool_calls...): accept and ignore them.
    model_config = ConfigDict(extra="allow")

    role: str
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(str(p.get("text", "")) for p in self.content if p.get("type") == "text")
        return self.content or ""


class CompletionIn(BaseModel):
    # temperature, max_tokens, stream_options, n... are accepted; answers stay deterministic and short.
    model_config = ConfigDict(extra="allow")

    model: str = "newsdesk"
    messages: list[OpenAIMessage] = Field(min_length=1)
    stream: bool = False
    filters: ChatFilters | None = Field(default=None, description="Newsdesk extension, via extra_body")

    def chat_messages(self) -> list[ChatMessage]:
        """OpenAI roles -> ours: developer/system instructions are dropped on purpose (answers follow
        the product's grounding rules whatever a client asks), tool turns are not conversation."""
        out = [
            ChatMessage(role=m.role, content=m.text())  # type: ignore[arg-type]
            for m in self.messages
            if m.role in ("user", "assistant")
        ]
        if not out or out[-1].role != "user" or not out[-1].content.strip():
            raise ValueError("the last message must be a non-empty user message")
        return out
