"""The ask family: a question in, an answer with its citations out (service.answers' own models)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from service.answers import Answer, Citation
from service.articles import NonBlank


class AskIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: NonBlank = Field(min_length=1)
    article_ids: list[str] | None = Field(default=None, max_length=1_000)
    k: int | None = Field(default=None, ge=1, le=20)


class AskOut(Answer):
    """The answer, its citations, and whether it is the abstention sentence."""


__all__ = ["AskIn", "AskOut", "Citation"]
