"""The only way a route gets a part: an `Annotated` alias per part, each read from the container the
lifespan built (or the one `create_app` was given). Routes declare what they need; nothing else in
the API reaches into the container or into `app.state`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request

from index.embed import MiniLMEmbeddings
from index.registry import Registry
from index.store import ChunkStore
from service.answers import AskService
from service.articles import ArticleService
from service.batch import Jobs, JobWorker
from service.chat import ChatService
from service.config import Settings
from service.llm import LlmProvider
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
StoreDep = Annotated[ChunkStore, Depends(_part("store"))]
EmbeddingsDep = Annotated[MiniLMEmbeddings, Depends(_part("embeddings"))]
ProviderDep = Annotated[LlmProvider, Depends(_part("provider"))]
ArticlesDep = Annotated[ArticleService, Depends(_part("articles"))]
AskerDep = Annotated[AskService, Depends(_part("asker"))]
ChatDep = Annotated[ChatService, Depends(_part("chat"))]
SummarizerDep = Annotated[SummaryService, Depends(_part("summarizer"))]
JobsDep = Annotated[Jobs, Depends(_part("jobs"))]
BatchWorkerDep = Annotated[JobWorker, Depends(_part("batch_worker"))]
PagesDep = Annotated[PageIngest, Depends(_part("pages"))]
FeedsDep = Annotated[FeedService, Depends(_part("feeds"))]
