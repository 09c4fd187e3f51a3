"""The articles capability: checks limits on every article of a request before any is stored, then
hands them to the indexer in one call (one embedding pass, one atomic write for the lot)."""

from __future__ import annotations

from collections.abc import Sequence

from index.clean import clean_text, looks_binary
from index.pipeline import Indexer, IngestResult
from index.registry import ArticleRecord, Registry
from service.articles.lookup import require_article
from service.articles.models import ArticleIn
from service.config import Settings
from service.errors import InvalidInput, NotFound, TooLarge
from service.observability.metrics import INGEST_LATENCY, INGESTS


class ArticleService:
    def __init__(self, indexer: Indexer, registry: Registry, settings: Settings) -> None:
        self.indexer = indexer
        self.registry = registry
        self.settings = settings

    def check(self, articles: Sequence[ArticleIn]) -> None:
        if not articles:
            raise InvalidInput("no articles in the request")
        if len(articles) > self.settings.max_articles_per_request:
            raise TooLarge(
                f"{len(articles)} articles in one request; the limit is {self.settings.max_articles_per_request}"
            )
        for n, article in enumerate(articles):
            where = f"article {n}" if len(articles) > 1 else "article"
            if len(article.text) > self.settings.max_article_chars:
                raise TooLarge(
                    f"{where}: text is {len(article.text)} characters; the limit is {self.settings.max_article_chars}"
                )
            if looks_binary(article.text) or looks_binary(article.title):
                raise InvalidInput(f"{where}: text looks like binary data, not an article")
            if not clean_text(article.text):
                raise InvalidInput(f"{where}: text is empty after cleaning")

    def ingest(self, articles: Sequence[ArticleIn]) -> list[IngestResult]:
        self.check(articles)
        # One call for the batch: its chunks are embedded together (see Indexer.ingest_many).
        with INGEST_LATENCY.time():
            results = self.indexer.ingest_many([a.to_raw() for a in articles])
        for result in results:
            INGESTS.labels(result.status).inc()
        return results

    def get(self, article_id: str) -> ArticleRecord:
        return require_article(self.registry, article_id)

    def delete(self, article_id: str) -> None:
        if not self.indexer.delete(article_id):
            raise NotFound(f"no article with id {article_id!r}")
