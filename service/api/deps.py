"""The only way a route gets a part: an `Annotated` alias per part, each read from the container the
lifespan built (or the one `create_app` was given). Routes declare what they need; nothing else in
the API reaches into the container or into `app.state`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request

from index.registry import Registry
from service.answers import AskService
from service.articles import ArticleService
from service.batch import BatchJobs
from service.chat import ChatService
from service.config import Settings
from service.observability.status import ServiceStatus
from service.sources import FeedService, PageIngest
from service.summaries import SummaryService


def _part(name: str) -> Callable[[Request], Any]:
    """A dependency that returns the container's part `name` (the alias below states its type)."""

    def get(request: Request) -> Any:
        return getattr(request.app.state.container, name)

    get.__name__ = f"get_{name}"
    return get


SettingsDep = Annotated[Settings, Depends(_part("settings"))]
RegistryDep = Annotated[Registry, Depends(_part("registry"))]
ArticlesDep = Annotated[ArticleService, Depends(_part("articles"))]
PagesDep = Annotated[PageIngest, Depends(_part("pages"))]
AskerDep = Annotated[AskService, Depends(_part("asker"))]
ChatDep = Annotated[ChatService, Depends(_part("chat"))]
SummarizerDep = Annotated[SummaryService, Depends(_part("summarizer"))]
BatchesDep = Annotated[BatchJobs, Depends(_part("batches"))]
FeedsDep = Annotated[FeedService, Depends(_part("feeds"))]
StatusDep = Annotated[ServiceStatus, Depends(_part("status"))]
