"""What an answer is: the text the user reads, the citations its [n] markers point to, and whether
the server replaced it with the abstention sentence."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Citation(BaseModel):
    n: int = Field(description="the [n] marker in the answer")
    article_id: str
    title: str
    url: str | None = None
    chunk_id: str
    quote: str


class Answer(BaseModel):
    answer: str
    citations: list[Citation]
    abstained: bool
