"""The OpenAI Chat Completions surface, so the `openai` SDK and LangChain's ChatOpenAI pointed at
http://HOST:PORT/v1 chat with the collection.

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

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from service.chat import ChatResult
from service.chat_deps import ChatDep
from service.chat_schemas import CompletionIn
from service.deps import ContainerDep, SettingsDep
from service.errors import InvalidInput, NewsdeskError
from service.routers.chat import check_question, started

router = APIRouter(prefix="/v1", tags=["openai"])
MODEL_ID = "newsdesk"


@router.get("/models")
def models(container: ContainerDep) -> dict[str, Any]:
    return {
        "object": "list",
        "data": [
            {
                "id": MODEL_ID,
                "object": "model",
                "created": 0,
                "owned_by": "newsdesk",
                "backend": container.provider.model_id,
            }
        ],
    }


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


@router.post("/chat/completions", response_model=None)
def completions(
    body: CompletionIn, chat: ChatDep, settings: SettingsDep
) -> dict[str, Any] | StreamingResponse:
    """OpenAI-shaped answers over the collection; `filters` may be passed as an extra body field."""
    try:
        messages = body.chat_messages()
    except ValueError as exc:
        raise InvalidInput(str(exc)) from exc
    check_question(messages, settings.max_question_chars, settings.max_chat_messages)
    filters = body.filters.to_filters() if body.filters else None
    ident, created = f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time())
    if not body.stream:
        result = chat.chat(messages, filters)
        return {
            "id": ident,
            "object": "chat.completion",
            "created": created,
            "model": body.model,
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
    pieces = started(chat.stream(messages, filters))

    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        payload = {
            "id": ident,
            "object": "chat.completion.chunk",
            "created": created,
            "model": body.model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
            **extra,
        }
        return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"

    def events() -> Iterator[str]:
        yield chunk({"role": "assistant", "content": ""})
        try:
            for item in pieces:
                if isinstance(item, ChatResult):
                    yield chunk({}, "stop", usage=_usage(item), **_extras(item))
                else:
                    yield chunk({"content": item})
        except NewsdeskError as exc:
            # The status line is gone: OpenAI clients read an `error` object inside the stream.
            yield f"data: {json.dumps({'error': {'message': exc.message, 'type': exc.code, 'code': exc.code}})}\n\n"
        yield "data: [DONE]\n\n"

    return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
