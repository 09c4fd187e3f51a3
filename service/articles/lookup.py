"""Looking articles up by id, with the one NotFound every capability answers for an unknown id."""

from __future__ import annotations

from collections.abc import Iterable

from index.registry import ArticleRecord, Registry
from service.errors import NotFound


def require_article(registry: Registry, article_id: str) -> ArticleRecord:
    record = registry.get(article_id)
    if record is None:
        raise NotFound(f"no article with id {article_id!r}")
    return record


def require_known(registry: Registry, article_ids: Iterable[str]) -> None:
    """NotFound naming (up to ten of) the ids the registry does not hold."""
    unknown = [a for a in article_ids if registry.get(a) is None]
    if unknown:
        raise NotFound(f"unknown article ids: {', '.join(unknown[:10])}")
