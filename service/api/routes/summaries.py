"""An article's brief: POST makes a new one (and stores it), GET returns the stored one."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import PlainTextResponse, Response

from service.api.deps import SummarizerDep
from service.summaries import Summary, summary_markdown

router = APIRouter(prefix="/articles/{article_id}/summary", tags=["summaries"])
Format = Annotated[Literal["json", "markdown"], Query(alias="format")]


def _respond(summary: Summary, fmt: str) -> Summary | Response:
    if fmt == "markdown":
        return PlainTextResponse(summary_markdown(summary), media_type="text/markdown")
    return summary


@router.post("", response_model=Summary)
def create_summary(article_id: str, summarizer: SummarizerDep, fmt: Format = "json") -> Summary | Response:
    """Make a new summary (and store it) for the article's current text."""
    return _respond(summarizer.create(article_id), fmt)


@router.get("", response_model=Summary)
def get_summary(article_id: str, summarizer: SummarizerDep, fmt: Format = "json") -> Summary | Response:
    """The stored summary for the article's current text, prompt version and model; 404 if none."""
    return _respond(summarizer.stored(article_id), fmt)
