"""An RSS or Atom document, parsed by feedparser from bytes the guarded client fetched.

feedparser never fetches here: it is handed a file-like object. (Handed a str it would fetch a URL,
and handed bytes it would first try them as a local file name; BytesIO is neither.) Each entry
becomes a FeedItem with the three keys items are told apart by (canonical link, guid, content hash)
and a fingerprint that changes when the entry does, which is when its page is fetched again."""

from __future__ import annotations

import calendar
import hashlib
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser

from service.errors import NotAFeed
from service.sources.extract import fragment_text
from service.sources.urls import resolve_link


@dataclass
class FeedItem:
    link: str | None  # canonical, http(s) only
    guid: str | None
    title: str | None
    text: str  # the feed's own content (content:encoded, Atom content, else the summary) as text
    published: str | None  # ISO 8601
    author: str | None
    content_hash: str
    fingerprint: str  # changes when the entry's link, title, dates or content change


@dataclass
class FeedDocument:
    title: str | None
    items: list[FeedItem]


def _digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode()).hexdigest()[:32]


def _when(entry: Any, *keys: str) -> str | None:
    for key in keys:
        # dict.get: feedparser's own lookup maps a missing updated_parsed to published_parsed (with a
        # deprecation warning), which would make every entry look updated when it was published.
        parsed = dict.get(entry, f"{key}_parsed")
        if parsed:
            return datetime.fromtimestamp(calendar.timegm(parsed), UTC).isoformat()
    return None


def _content(entry: Any) -> str:
    """The longest text the entry carries: full content when there is some, else its summary."""
    bodies = [c.get("value", "") for c in entry.get("content") or []]
    bodies.append(entry.get("summary", ""))
    texts = [fragment_text(b) for b in bodies if b]
    return max(texts, key=len, default="")


def parse_feed(body: bytes, url: str, content_type: str | None, max_items: int) -> FeedDocument:
    """The feed's title and its first `max_items` entries; NotAFeed when it is no RSS/Atom."""
    parsed = feedparser.parse(
        io.BytesIO(body),
        response_headers={"content-location": url, "content-type": content_type or "application/xml"},
        sanitize_html=True,
        resolve_relative_uris=True,
    )
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise NotAFeed(f"{url} is not an RSS or Atom feed" + (f" ({reason})" if reason else ""))
    items = []
    for entry in parsed.entries[:max_items]:
        link = resolve_link(url, entry.get("link"))
        guid = (entry.get("id") or "").strip() or None
        text = _content(entry)
        title = fragment_text(entry.get("title", "")) or None
        published = _when(entry, "published", "updated", "created")
        updated = _when(entry, "updated")
        items.append(
            FeedItem(
                link=link,
                guid=guid,
                title=title,
                text=text,
                published=published,
                author=(entry.get("author") or "").strip() or None,
                content_hash=_digest(title, text),
                fingerprint=_digest(link, title, published, updated, text),
            )
        )
    title = fragment_text(parsed.feed.get("title", "")) or None
    return FeedDocument(title, items)
