"""The articles family: ArticleIn (the record every input path shares, from service.articles),
ArticleUrlIn (an article given by URL, fetched by service.sources), what an ingest returns, and
how stored articles are listed and shown."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from service.articles import ArticleIn
from service.sources import ArticleUrlIn


class IngestedOut(BaseModel):
    id: str
    chunk_count: int
    status: str


class IngestOut(BaseModel):
    articles: list[IngestedOut]


class ArticleOut(BaseModel):
    id: str
    title: str
    url: str | None
    source: str | None
    published_at: str | None
    metadata: dict[str, Any]
    chunk_count: int
    created_at: float
    updated_at: float


class ArticleDetail(ArticleOut):
    text: str


class ArticlePage(BaseModel):
    items: list[ArticleOut]
    total: int
    offset: int
    limit: int


__all__ = [
    "ArticleDetail",
    "ArticleIn",
    "ArticleOut",
    "ArticlePage",
    "ArticleUrlIn",
    "IngestOut",
    "IngestedOut",
]
