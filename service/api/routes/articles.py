"""Articles: add one or a list (by text, or by URL: the page is fetched), page through them, read one,
delete one."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Response
from pydantic import Discriminator, Tag

from index.registry import ArticleRecord
from service.api.deps import ArticlesDep, PagesDep, RegistryDep
from service.api.schemas import (
    ArticleDetail,
    ArticleIn,
    ArticleOut,
    ArticlePage,
    ArticleUrlIn,
    IngestedOut,
    IngestOut,
)


def _kind(value: Any) -> str:
    """An object with a url and no text is fetched; anything else is read as an article with text,
    so its errors name the fields of that shape (a missing text, not a missing url)."""
    if isinstance(value, dict):
        return "ArticleUrlIn" if "url" in value and "text" not in value else "ArticleIn"
    return type(value).__name__


OneArticle = Annotated[
    Annotated[ArticleIn, Tag("ArticleIn")] | Annotated[ArticleUrlIn, Tag("ArticleUrlIn")],
    Discriminator(_kind),
]

router = APIRouter(prefix="/articles", tags=["articles"])


def _out(record: ArticleRecord) -> ArticleOut:
    return ArticleOut.model_validate(record, from_attributes=True)


@router.post("", response_model=IngestOut)
def add_articles(pages: PagesDep, body: Annotated[OneArticle | list[OneArticle], Body()]) -> IngestOut:
    """One article or a list. The same url (or, without a url, the same text) updates in place.
    An article given as `{"url": ...}` without text is fetched and extracted (service/sources)."""
    results = pages.ingest(body if isinstance(body, list) else [body])
    return IngestOut(
        articles=[IngestedOut(id=r.id, chunk_count=r.chunk_count, status=r.status) for r in results]
    )


@router.get("", response_model=ArticlePage)
def list_articles(
    registry: RegistryDep,
    offset: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> ArticlePage:
    records, total = registry.page(offset, limit)
    return ArticlePage(items=[_out(r) for r in records], total=total, offset=offset, limit=limit)


@router.get("/{article_id}", response_model=ArticleDetail)
def get_article(articles: ArticlesDep, article_id: str) -> ArticleDetail:
    return ArticleDetail.model_validate(articles.get(article_id), from_attributes=True)


@router.delete("/{article_id}", status_code=204)
def delete_article(articles: ArticlesDep, article_id: str) -> Response:
    articles.delete(article_id)
    return Response(status_code=204)
