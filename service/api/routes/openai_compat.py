"""The OpenAI Chat Completions surface (/v1/chat/completions, /v1/models); the shape of its
responses is service/chat/openai_shape.py's."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from service.api.deps import ChatDep, SettingsDep, StatusDep
from service.api.limits import check_messages
from service.api.routes.chat import started
from service.api.schemas import CompletionIn
from service.chat import Completion, models_listing
from service.errors import InvalidInput

router = APIRouter(prefix="/v1", tags=["openai"])


@router.get("/models")
def models(status: StatusDep) -> dict[str, Any]:
    return models_listing(status.model_id)


@router.post("/chat/completions", response_model=None)
def completions(
    body: CompletionIn, chat: ChatDep, settings: SettingsDep
) -> dict[str, Any] | StreamingResponse:
    """OpenAI-shaped answers over the collection; `filters` may be passed as an extra body field."""
    try:
        messages = body.chat_messages()
    except ValueError as exc:
        raise InvalidInput(str(exc)) from exc
    check_messages(messages, settings)
    filters = body.filters.to_filters() if body.filters else None
    completion = Completion(body.model)
    if not body.stream:
        return completion.whole(chat.chat(messages, filters))
    events = completion.events(started(chat.stream(messages, filters)))
    return StreamingResponse(events, media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
