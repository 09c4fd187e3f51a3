"""POST /chat: a conversation turn, as one JSON answer or as Server-Sent Events.

Stream events: `token` ({"text"}) as the model writes, then one `final` (the checked answer,
citations, standalone question) or, if the model fails mid-answer, one `error`. Everything that
can fail before the first token (bad input, unknown article ids, model down) fails as a plain HTTP
error instead, because the first piece is pulled before the response starts."""

from __future__ import annotations

import json
from collections.abc import Iterator

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from service.api.deps import ChatDep, SettingsDep
from service.api.limits import check_messages
from service.api.schemas import ChatIn, ChatOut
from service.chat import ChatAnswer, ChatResult
from service.errors import NewsdeskError

router = APIRouter(tags=["chat"])


def sse(event: str, data: object) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def started(events: Iterator[str | ChatResult]) -> Iterator[str | ChatResult]:
    """Runs the stream up to its first piece now, so early failures become HTTP errors."""
    first = next(events)

    def again() -> Iterator[str | ChatResult]:
        yield first
        yield from events

    return again()


@router.post("/chat", response_model=ChatOut, responses={200: {"content": {"text/event-stream": {}}}})
def chat(body: ChatIn, chat: ChatDep, settings: SettingsDep) -> ChatAnswer | StreamingResponse:
    """Answer the last user message in the context of the earlier ones, with checked citations."""
    check_messages(body.messages, settings)
    filters = body.filters.to_filters() if body.filters else None
    if not body.stream:
        return chat.chat(body.messages, filters, body.k).out
    pieces = started(chat.stream(body.messages, filters, body.k))

    def events() -> Iterator[str]:
        try:
            for item in pieces:
                if isinstance(item, ChatResult):
                    yield sse("final", item.out.model_dump())
                else:
                    yield sse("token", {"text": item})
        except NewsdeskError as exc:
            yield sse("error", {"code": exc.code, "message": exc.message})

    return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
