"""One poll of one feed, by the poller that holds its lease (feed_store.py).

Politeness first: a conditional GET (the feed's ETag and Last-Modified); a 304 ends the poll
having cost one small request. 429/503 move the next poll to Retry-After; 410 stops the feed; a
permanent redirect moves the feed to its new URL. A feed that did change is parsed, and only its
new or changed entries (by canonical link, then guid, then content hash; then fingerprint) have their
page fetched, conditionally when it was fetched before. A page that holds no article (script-only,
a paywall) gives way to the feed's own content, and the item records that fallback. Articles are
ingested in groups of 25 (one embedding call, one commit), so a poll interrupted by a shutdown
keeps what it finished, and the feed's validators are saved only once every item is done."""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from service.articles import ArticleIn, ArticleService
from service.errors import NewsdeskError
from service.sources.body import FEED_TYPES
from service.sources.client import Fetched, GuardedClient
from service.sources.feed_document import FeedItem, parse_feed
from service.sources.feed_store import ACTIVE, GONE, FeedRecord, FeedStore, ItemRecord
from service.sources.pages import Page, PageReader, page_article
from service.sources.urls import canonical_url

log = logging.getLogger(__name__)
GROUP = 25  # items fetched, then ingested together


@dataclass
class ItemOutcome:
    url: str | None
    title: str | None
    status: str  # created, updated, unchanged or failed
    via: str | None = None  # "page", or "feed" when the page held no article
    article_id: str | None = None
    note: str | None = None


@dataclass
class PollReport:
    feed_id: str
    outcome: str  # fetched, not_modified, rate_limited, gone, failed, stopped
    http_status: int | None = None
    error: str | None = None
    items: list[ItemOutcome] = field(default_factory=list)


@dataclass
class _Resolved:
    item: FeedItem
    record: ItemRecord
    article: ArticleIn | None  # None: nothing to ingest (failed, or the page did not change)


class FeedPoller:
    def __init__(
        self,
        store: FeedStore,
        client: GuardedClient,
        reader: PageReader,
        articles: ArticleService,
        max_items: int,
        lease_s: float,
    ) -> None:
        self.store = store
        self.client = client
        self.reader = reader
        self.articles = articles
        self.max_items = max_items
        self.lease_s = lease_s

    def poll(self, feed: FeedRecord, owner: str, stop: threading.Event) -> PollReport:
        """Poll a feed whose lease `owner` holds; the lease is given back whatever happens."""
        started = time.time()
        period = feed.poll_minutes * 60.0
        try:
            return self._poll(feed, owner, stop, started, period)
        except BaseException as exc:
            message = exc.message if isinstance(exc, NewsdeskError) else f"poll failed: {type(exc).__name__}"
            self.store.finish(
                feed.id, owner, last_poll_at=started, last_error=message, next_poll_at=started + period
            )
            raise

    def _poll(
        self, feed: FeedRecord, owner: str, stop: threading.Event, started: float, period: float
    ) -> PollReport:
        def done(report: PollReport, **changes: object) -> PollReport:
            changes.setdefault("next_poll_at", started + period)
            self.store.finish(feed.id, owner, last_poll_at=started, last_status=report.http_status, **changes)
            return report

        try:
            fetched = self.client.fetch(
                feed.url, FEED_TYPES, etag=feed.etag, last_modified=feed.last_modified
            )
        except NewsdeskError as exc:
            return done(PollReport(feed.id, "failed", None, exc.message), last_error=exc.message)
        self._follow(feed, fetched)
        status = fetched.status
        if status == 304:
            return done(PollReport(feed.id, "not_modified", 304), status=ACTIVE, last_error=None)
        if status in (429, 503):
            wait = max(fetched.retry_after_s() or period, 1.0)
            error = f"rate limited (HTTP {status}): next poll in {wait:.0f} s"
            return done(
                PollReport(feed.id, "rate_limited", status, error),
                last_error=error,
                next_poll_at=started + wait,
            )
        if status == 410:
            error = "the feed is gone (HTTP 410): it is no longer polled"
            return done(PollReport(feed.id, "gone", 410, error), status=GONE, last_error=error)
        if status != 200:
            error = f"the feed answered HTTP {status}"
            return done(PollReport(feed.id, "failed", status, error), last_error=error)
        try:
            document = parse_feed(fetched.body, fetched.url, fetched.header("content-type"), self.max_items)
        except NewsdeskError as exc:
            return done(PollReport(feed.id, "failed", 200, exc.message), last_error=exc.message)
        report = PollReport(feed.id, "fetched", 200)
        finished = self._items(feed, document.items, owner, stop, report)
        failed = sum(1 for i in report.items if i.status == "failed")
        summary = f"{failed} item(s) could not be read" if failed else None
        if not finished:  # stopped for a shutdown: validators not saved, so the next poll reads it all
            report.outcome = "stopped"
            return done(report, last_error=summary, next_poll_at=started)
        return done(
            report,
            status=ACTIVE,
            title=document.title or feed.title,
            etag=fetched.header("etag"),
            last_modified=fetched.header("last-modified"),
            last_error=summary,
        )

    def _follow(self, feed: FeedRecord, fetched: Fetched) -> None:
        if fetched.moved_to and canonical_url(fetched.moved_to) != feed.url:
            moved = canonical_url(fetched.moved_to)
            if self.store.move(feed.id, moved):
                log.info("feed %s moved permanently to %s", feed.id, moved)

    def _items(
        self, feed: FeedRecord, items: list[FeedItem], owner: str, stop: threading.Event, report: PollReport
    ) -> bool:
        todo: list[tuple[FeedItem, ItemRecord | None]] = []
        for item in items:
            seen = self.store.find_item(feed.id, item.link, item.guid, item.content_hash)
            if seen is not None and seen.fingerprint == item.fingerprint and seen.via != "failed":
                continue  # seen as it is: not an outcome of this poll
            todo.append((item, seen))
        for start in range(0, len(todo), GROUP):
            if stop.is_set():
                return False
            group = todo[start : start + GROUP]
            with ThreadPoolExecutor(max_workers=min(4, len(group))) as pool:
                resolved = list(pool.map(lambda pair: self._resolve(feed, *pair), group))
            report.items += self._ingest(resolved)
            self.store.save_items([r.record for r in resolved])
            self.store.renew(feed.id, owner, self.lease_s)
        return True

    def _resolve(self, feed: FeedRecord, item: FeedItem, seen: ItemRecord | None) -> _Resolved:
        """The item's article: from its page, else from the feed's own content (the fallback)."""
        key = (
            seen.item_key
            if seen
            else item.link or (f"guid:{item.guid}" if item.guid else f"hash:{item.content_hash}")
        )
        record = ItemRecord(
            feed.id, key, item.link, item.guid, item.content_hash, item.fingerprint, None, "failed"
        )
        note: str | None = None
        page_failed = False
        if item.link:
            known = seen is not None and seen.via == "page"
            try:
                page = self.reader.read(
                    item.link,
                    etag=seen.page_etag if known and seen else None,
                    last_modified=seen.page_last_modified if known and seen else None,
                )
            except NewsdeskError as exc:
                note, page_failed = f"page not read: {exc.message}", True
            except Exception as exc:  # one page an extractor chokes on must not stop its feed for good
                log.warning("reading %s failed", item.link, exc_info=exc)
                note, page_failed = f"page not read: {type(exc).__name__}", True
            else:
                if page.status == 304 and seen is not None:  # the entry changed, its page did not
                    record.via, record.article_id = seen.via, seen.article_id
                    record.page_etag, record.page_last_modified = seen.page_etag, seen.page_last_modified
                    return _Resolved(item, record, None)
                text = page.extracted.text if page.extracted else ""
                if self.reader.holds_article(text) and len(text) * 2 >= len(item.text):
                    record.via, record.page_etag, record.page_last_modified = (
                        "page",
                        page.etag,
                        page.last_modified,
                    )
                    return _Resolved(item, record, self._from_page(item, page))
                note = "the page held no article text; the feed's own content was used"
        # A page that could not be read may be read next poll (the item stays "failed" and is tried
        # again), unless the feed's own text is a whole article: then it stands in, as for a paywall.
        if item.text and (not page_failed or self.reader.holds_article(item.text)):
            record.via, record.note = "feed", note or "the item has no link; the feed's own content was used"
            return _Resolved(item, record, self._from_feed(feed, item))
        record.note = note or "the item has neither a link nor any content"
        return _Resolved(item, record, None)

    @staticmethod
    def _from_page(item: FeedItem, page: Page) -> ArticleIn:
        article = page_article(page, via="page")
        return ArticleIn.model_validate(
            {
                **article.model_dump(),
                "title": (page.extracted and page.extracted.title) or item.title or article.title,
                "published_at": article.published_at or _date(item.published),
            }
        )

    def _from_feed(self, feed: FeedRecord, item: FeedItem) -> ArticleIn:
        # No feed id here: a story in two feeds is one article, not one that flips between them
        # (feed_items links each feed's items to their articles).
        metadata: dict[str, str | int | float | bool] = {"via": "feed"}
        if item.author:
            metadata["author"] = item.author
        stable = None
        if not item.link and item.guid:  # same guid, same article, even when its text changes
            stable = "g" + hashlib.sha256(f"{feed.id}\x1f{item.guid}".encode()).hexdigest()[:15]
        return ArticleIn(
            title=item.title or item.link or "untitled",
            text=item.text,
            url=item.link,
            published_at=_date(item.published),  # type: ignore[arg-type]
            source=feed.title or urlsplit(feed.url).hostname,
            metadata=metadata,
            id=stable,
        )

    def _ingest(self, resolved: list[_Resolved]) -> list[ItemOutcome]:
        """Ingest the group's articles in one call; a refused one is retried alone, so one bad item
        (binary text, over the size limit) does not sink the rest. Store failures propagate."""
        ready = [r for r in resolved if r.article is not None]
        outcomes: dict[int, ItemOutcome] = {}
        try:
            results = self.articles.ingest([r.article for r in ready if r.article]) if ready else []
        except NewsdeskError:
            results = []
            for r in ready:
                try:
                    results += self.articles.ingest([r.article]) if r.article else []
                except NewsdeskError as exc:
                    r.record.via, r.record.note, r.article = "failed", exc.message, None
            ready = [r for r in ready if r.article is not None]
        for r, result in zip(ready, results, strict=True):
            r.record.article_id = result.id
            outcomes[id(r)] = ItemOutcome(
                r.item.link, r.item.title, result.status, r.record.via, result.id, r.record.note
            )
        return [
            outcomes.get(id(r))
            or ItemOutcome(
                r.item.link,
                r.item.title,
                "unchanged" if r.record.via != "failed" else "failed",
                r.record.via if r.record.via != "failed" else None,
                r.record.article_id,
                r.record.note,
            )
            for r in resolved
        ]


def _date(iso: str | None) -> str | None:
    return iso[:10] if iso else None
