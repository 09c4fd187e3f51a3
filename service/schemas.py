"""HTTP schemas, in families: ArticleIn/ArticleOut, AskIn/AskOut, Summary and its items."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$"


class ArticleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=1_000)
    text: str = Field(min_length=1)
    url: str | None = Field(default=None, max_length=2_000)
    published_at: date | datetime | None = None
    source: str | None = Field(default=None, max_length=500)
    metadata: dict[str, str | int | float | bool] = Field(default_factory=dict)
    id: str | None = Field(default=None, pattern=ID_PATTERN, description="optional caller-chosen id")

    @field_validator("text", "title")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty or only whitespace")
        return value


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


class AskIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(min_length=1)
    article_ids: list[str] | None = Field(default=None, max_length=1_000)
    k: int | None = Field(default=None, ge=1, le=20)

    @field_validator("question")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty or only whitespace")
        return value


class Citation(BaseModel):
    n: int = Field(description="the [n] marker in the answer")
    article_id: str
    title: str
    url: str | None = None
    chunk_id: str
    quote: str


class AskOut(BaseModel):
    answer: str
    citations: list[Citation]
    abstained: bool


class WhoItem(BaseModel):
    name: str
    role: str | None = None
    quote: str


class WhereItem(BaseModel):
    place: str
    quote: str


class CountItem(BaseModel):
    count: str
    of_what: str
    quote: str


class Summary(BaseModel):
    article_id: str
    who: list[WhoItem]
    what: str
    where: list[WhereItem]
    how_many: list[CountItem]
    dropped: int = Field(description="items the model gave that failed verification and are not shown")
    model: str
    prompt_version: str
    cached: bool = False
