"""Articles by URL: fetch the page (guarded client), extract its article, hand it to ingest.

The article is known by its canonical URL: the URL that answered after redirects, tracking
parameters stripped, or the page's own rel=canonical when that names the same site (a page may not
claim another site's URL and so overwrite its article). So the same page again updates in place."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field

from index.pipeline import IngestResult
from service.articles import ArticleIn, ArticleService, NonBlank
from service.articles.models import ID_PATTERN
from service.errors import NewsdeskError, NothingExtracted, TooLarge
from service.sources.body import PAGE_TYPES
from service.sources.client import GuardedClient
from service.sources.extract import Extracted, extract_page
from service.sources.urls import canonical_url, resolve_link, same_site


class ArticleUrlIn(BaseModel):
    """An article given by its URL and no text: the page is fetched and extracted. Fields given
    here win over what the page says (a title, a date, a source of the caller's own)."""

    model_config = ConfigDict(extra="forbid")

    url: str = Field(min_length=1, max_length=2_000)
    title: NonBlank | None = Field(default=None, max_length=1_000)
    published_at: date | datetime | None = None
    source: str | None = Field(default=None, max_length=500)
    metadata: dict[str, str | int | float | bool] = Field(default_factory=dict)
    id: str | None = Field(default=None, pattern=ID_PATTERN, description="optional caller-chosen id")


@dataclass
class Page:
    url: str  # canonical
    status: int  # 200, or 304 when the validators sent still hold
    extracted: Extracted | None = None
    etag: str | None = None
    last_modified: str | None = None


class PageReader:
    def __init__(self, client: GuardedClient, min_chars: int) -> None:
        self.client = client
        self.min_chars = min_chars

    def read(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Page:
        fetched = self.client.fetch(url, PAGE_TYPES, etag=etag, last_modified=last_modified)
        if fetched.status == 304:
            return Page(canonical_url(fetched.url), 304, None, etag, last_modified)
        fetched.require_ok()
        extracted = extract_page(fetched.body, fetched.url, fetched.charset)
        final = canonical_url(fetched.url)
        declared = resolve_link(fetched.url, extracted.canonical)
        return Page(
            declared if declared and same_site(declared, final) else final,
            200,
            extracted,
            fetched.header("etag"),
            fetched.header("last-modified"),
        )

    def holds_article(self, text: str) -> bool:
        """Shorter than this is a shell (script-only page), a paywall's teaser or an error page."""
        return len(text) >= self.min_chars


def page_article(page: Page, given: ArticleUrlIn | None = None, via: str = "page") -> ArticleIn:
    """The ArticleIn of an extracted page; fields of `given` win."""
    extracted = page.extracted or Extracted("")
    metadata: dict[str, str | int | float | bool] = {"via": via}
    if extracted.author:
        metadata["author"] = extracted.author
    host = urlsplit(page.url).hostname or page.url
    return ArticleIn(
        title=(given and given.title) or extracted.title or host,
        text=extracted.text,
        url=page.url,
        published_at=(given and given.published_at) or extracted.published,  # type: ignore[arg-type]
        source=(given and given.source) or extracted.sitename or host,
        metadata={**metadata, **(given.metadata if given else {})},
        id=given.id if given else None,
    )


class PageIngest:
    """POST /articles and `newsdesk ingest URL`: URL items become articles, text items pass through."""

    def __init__(self, reader: PageReader, articles: ArticleService, max_urls: int) -> None:
        self.reader = reader
        self.articles = articles
        self.max_urls = max_urls

    def article(self, item: ArticleUrlIn) -> ArticleIn:
        page = self.reader.read(item.url)
        if page.extracted is None or not self.reader.holds_article(page.extracted.text):
            raise NothingExtracted(
                f"{page.url} holds no article text that could be extracted (a script-only page or a paywall?)"
            )
        return page_article(page, item)

    def ingest(self, items: Sequence[ArticleIn | ArticleUrlIn]) -> list[IngestResult]:
        """Fetch and extract every URL item (a few at a time; the client keeps each host polite),
        then ingest the lot in one call, so a bad page stores nothing of the request."""
        wanted = [(n, i) for n, i in enumerate(items) if isinstance(i, ArticleUrlIn)]
        if not wanted:
            return self.articles.ingest([i for i in items if isinstance(i, ArticleIn)])
        limit = self.articles.settings.max_articles_per_request
        if len(items) > limit:  # before any fetch; ArticleService.check says the same of text items
            raise TooLarge(f"{len(items)} articles in one request; the limit is {limit}")
        if len(wanted) > self.max_urls:
            raise TooLarge(f"{len(wanted)} URLs in one request; the limit is {self.max_urls}")
        ready: list[ArticleIn | ArticleUrlIn] = list(items)
        with ThreadPoolExecutor(max_workers=min(4, len(wanted))) as pool:
            futures = [(n, pool.submit(self.article, item)) for n, item in wanted]
            for n, future in futures:
                try:
                    ready[n] = future.result()
                except NewsdeskError as exc:
                    if len(items) > 1:
                        exc.message = f"article {n}: {exc.message}"
                        exc.args = (exc.message,)
                    raise
        return self.articles.ingest([a for a in ready if isinstance(a, ArticleIn)])
