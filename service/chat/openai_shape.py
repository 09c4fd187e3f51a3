"""The OpenAI Chat Completions shape of a conversation turn, so the `openai` SDK and LangChain's
ChatOpenAI pointed at http://HOST:PORT/v1 chat with the collection.

The text keeps its [n] markers; the sources travel in an extra top-level `citations` field of the
response (and of the last stream chunk), with `newsdesk` holding the standalone question, whether
the answer abstained, and whether `usage` is an estimate (streamed answers: llama.cpp's server
reports no counts while streaming)."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

from service.chat.service import ChatResult
from service.errors import NewsdeskError

MODEL_ID = "newsdesk"


def models_listing(backend: str) -> dict[str, Any]:
    """GET /v1/models: the one model this service is."""
    model = {"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "newsdesk", "backend": backend}
    return {"object": "list", "data": [model]}


def _extras(result: ChatResult) -> dict[str, Any]:
    out = result.out
    return {
        "citations": [c.model_dump() for c in out.citations],
        "newsdesk": {
            "standalone_question": out.standalone_question,
            "abstained": out.abstained,
            "usage_estimated": result.usage.estimated,
        },
    }


def _usage(result: ChatResult) -> dict[str, int]:
    u = result.usage
    return {
        "prompt_tokens": u.prompt_tokens,
        "completion_tokens": u.completion_tokens,
        "total_tokens": u.prompt_tokens + u.completion_tokens,
    }


class Completion:
    """One completion's id and creation time, shared by its whole response or all its chunks."""

    def __init__(self, model: str) -> None:
        self.model = model
        self.id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
        self.created = int(time.time())

    def whole(self, result: ChatResult) -> dict[str, Any]:
        """The non-streamed response body."""
        return {
            "id": self.id,
            "object": "chat.completion",
            "created": self.created,
            "model": self.model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": result.out.answer},
                    "finish_reason": "stop",
                    "logprobs": None,
                }
            ],
            "usage": _usage(result),
            **_extras(result),
        }

    def _chunk(self, delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        payload = {
            "id": self.id,
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": self.model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
            **extra,
        }
        return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"

    def events(self, pieces: Iterator[str | ChatResult]) -> Iterator[str]:
        """The streamed response: a role chunk, content chunks, a final chunk with usage and
        citations, then [DONE]. A failure mid-stream becomes an `error` object inside the stream:
        the status line is gone by then, and OpenAI clients read errors there."""
        yield self._chunk({"role": "assistant", "content": ""})
        try:
            for item in pieces:
                if isinstance(item, ChatResult):
                    yield self._chunk({}, "stop", usage=_usage(item), **_extras(item))
                else:
                    yield self._chunk({"content": item})
        except NewsdeskError as exc:
            error = {"message": exc.message, "type": exc.code, "code": exc.code}
            yield f"data: {json.dumps({'error': error})}\n\n"
        yield "data: [DONE]\n\n"
