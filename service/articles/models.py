"""The article record: one shape for every way an article arrives (HTTP, a CLI file, a JSONL line of
a batch), validated by pydantic, and its hand-over to the indexer."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from index.pipeline import RawArticle

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$"


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty or only whitespace")
    return value


# Text that must hold something besides whitespace (an article's text and title, a question).
NonBlank = Annotated[str, AfterValidator(_not_blank)]


class ArticleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: NonBlank = Field(min_length=1, max_length=1_000)
    text: NonBlank = Field(min_length=1)
    url: str | None = Field(default=None, max_length=2_000)
    published_at: date | datetime | None = None
    source: str | None = Field(default=None, max_length=500)
    metadata: dict[str, str | int | float | bool] = Field(default_factory=dict)
    id: str | None = Field(default=None, pattern=ID_PATTERN, description="optional caller-chosen id")

    def to_raw(self) -> RawArticle:
        published = self.published_at.isoformat() if self.published_at else None
        return RawArticle(
            title=self.title,
            text=self.text,
            url=self.url,
            source=self.source,
            published_at=published,
            metadata=dict(self.metadata),
            id=self.id,
        )
