"""A brief: who, what (one sentence), where and how many, each item with the sentence of the article
it rests on, and how many items failed verification."""

from __future__ import annotations

from pydantic import BaseModel, Field


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
