"""Feeds and the items seen in them, in the article registry's database (tables in index/registry.py).

Plain SQL that SQLite and Postgres both run (ON CONFLICT upserts, DOUBLE PRECISION times, rowcount
for the lease), through `Registry.transaction()` and `Registry.query()`, so it can move to a shared
database with the registry. The lease is how several worker processes on one data dir poll each
feed once: a poller claims a feed by an UPDATE that succeeds only while no live lease is held, and
a holder that dies simply lets its lease expire."""

from __future__ import annotations

import secrets
import sqlite3
import time
from dataclasses import dataclass, fields
from typing import Any

from index.registry import Registry

ACTIVE = "active"
GONE = "gone"  # the feed answered 410: not polled again until someone polls it by hand

_FEED_COLUMNS = (
    "id, url, title, poll_minutes, status, etag, last_modified, next_poll_at, last_poll_at, "
    "last_status, last_error, created_at"
)
_COUNTS = """,
 (SELECT COUNT(*) FROM feed_items i WHERE i.feed_id = f.id) AS items_seen,
 (SELECT COUNT(*) FROM feed_items i WHERE i.feed_id = f.id AND i.via = 'feed') AS fallbacks,
 (SELECT COUNT(*) FROM feed_items i WHERE i.feed_id = f.id AND i.via = 'failed') AS failed"""
_SELECT_FEEDS = f"SELECT {', '.join('f.' + c for c in _FEED_COLUMNS.split(', '))}{_COUNTS} FROM feeds f"
_ITEM_COLUMNS = (
    "feed_id, item_key, url, guid, content_hash, fingerprint, article_id, via, note, page_etag, "
    "page_last_modified"
)


@dataclass
class FeedRecord:
    id: str
    url: str
    title: str | None
    poll_minutes: int
    status: str
    etag: str | None
    last_modified: str | None
    next_poll_at: float
    last_poll_at: float | None
    last_status: int | None
    last_error: str | None
    created_at: float
    items_seen: int = 0
    fallbacks: int = 0  # items whose page held no article, stored from the feed's own content
    failed: int = 0  # items neither the page nor the feed gave an article for


@dataclass
class ItemRecord:
    feed_id: str
    item_key: str  # the canonical url, else "guid:" + guid, else "hash:" + content hash
    url: str | None
    guid: str | None
    content_hash: str
    fingerprint: str
    article_id: str | None
    via: str  # "page", "feed" (the fallback) or "failed"
    note: str | None = None  # why the feed's content was used, or why the item failed
    page_etag: str | None = None
    page_last_modified: str | None = None


def _feed(row: sqlite3.Row) -> FeedRecord:
    return FeedRecord(**dict(row))


class FeedStore:
    def __init__(self, registry: Registry) -> None:
        self.registry = registry

    def add(self, url: str, poll_minutes: int, title: str | None = None) -> tuple[FeedRecord, bool]:
        """The feed following `url`, and whether it is new (an existing one is returned as it is)."""
        feed_id = "feed-" + secrets.token_hex(6)
        now = time.time()
        with self.registry.transaction() as conn:
            made = conn.execute(
                f"INSERT INTO feeds ({_FEED_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) "
                "ON CONFLICT (url) DO NOTHING",
                (feed_id, url, title, poll_minutes, ACTIVE, None, None, now, None, None, None, now),
            ).rowcount
        found = self.by_url(url)
        assert found is not None
        return found, bool(made)

    def get(self, feed_id: str) -> FeedRecord | None:
        rows = self.registry.query(f"{_SELECT_FEEDS} WHERE f.id = ?", (feed_id,))
        return _feed(rows[0]) if rows else None

    def by_url(self, url: str) -> FeedRecord | None:
        rows = self.registry.query(f"{_SELECT_FEEDS} WHERE f.url = ?", (url,))
        return _feed(rows[0]) if rows else None

    def all(self) -> list[FeedRecord]:
        return [_feed(r) for r in self.registry.query(f"{_SELECT_FEEDS} ORDER BY f.created_at, f.id")]

    def remove(self, feed_id: str) -> bool:
        """The feed and its items go; the articles it brought stay (they are articles now)."""
        with self.registry.transaction() as conn:
            conn.execute("DELETE FROM feed_items WHERE feed_id = ?", (feed_id,))
            return bool(conn.execute("DELETE FROM feeds WHERE id = ?", (feed_id,)).rowcount)

    # Leases
    def due(self, now: float, limit: int = 20) -> list[str]:
        rows = self.registry.query(
            "SELECT id FROM feeds WHERE status = ? AND next_poll_at <= ? AND lease_until < ? "
            "ORDER BY next_poll_at LIMIT ?",
            (ACTIVE, now, now, limit),
        )
        return [str(r[0]) for r in rows]

    def claim(self, feed_id: str, owner: str, ttl_s: float, due_only: bool = False) -> bool:
        """True when this owner now holds the feed: no one else did, or their lease ran out. With
        `due_only` the feed must also still be due: another poller may have polled it (and moved
        its next poll on) between this poller's look at what is due and its claim."""
        now = time.time()
        due = " AND status = ? AND next_poll_at <= ?" if due_only else ""
        with self.registry.transaction() as conn:
            return (
                conn.execute(
                    f"UPDATE feeds SET lease_owner = ?, lease_until = ? WHERE id = ? AND lease_until < ?{due}",
                    (owner, now + ttl_s, feed_id, now, *((ACTIVE, now) if due_only else ())),
                ).rowcount
                == 1
            )

    def renew(self, feed_id: str, owner: str, ttl_s: float) -> bool:
        with self.registry.transaction() as conn:
            return (
                conn.execute(
                    "UPDATE feeds SET lease_until = ? WHERE id = ? AND lease_owner = ?",
                    (time.time() + ttl_s, feed_id, owner),
                ).rowcount
                == 1
            )

    def finish(self, feed_id: str, owner: str, **changes: Any) -> bool:
        """Write a poll's outcome and give the lease back; False (nothing written) if the lease
        was lost meanwhile, since another poller's newer state must not be overwritten."""
        allowed = {f.name for f in fields(FeedRecord)} - {
            "id",
            "created_at",
            "items_seen",
            "fallbacks",
            "failed",
        }
        assert set(changes) <= allowed, set(changes) - allowed
        sets = "".join(f"{name} = ?, " for name in changes)
        with self.registry.transaction() as conn:
            return (
                conn.execute(
                    f"UPDATE feeds SET {sets}lease_owner = NULL, lease_until = 0 WHERE id = ? AND lease_owner = ?",
                    (*changes.values(), feed_id, owner),
                ).rowcount
                == 1
            )

    def move(self, feed_id: str, url: str) -> bool:
        """Follow a permanent redirect: the feed's new URL, unless another feed already follows it."""
        with self.registry.transaction() as conn:
            taken = conn.execute("SELECT 1 FROM feeds WHERE url = ? AND id <> ?", (url, feed_id)).fetchone()
            if taken:
                return False
            conn.execute("UPDATE feeds SET url = ? WHERE id = ?", (url, feed_id))
        return True

    # Items
    def find_item(
        self, feed_id: str, url: str | None, guid: str | None, content_hash: str
    ) -> ItemRecord | None:
        """The item seen before as this one: same canonical URL, else same guid, else same content."""
        for column, value in (("url", url), ("guid", guid), ("content_hash", content_hash)):
            if value is None:
                continue
            rows = self.registry.query(
                f"SELECT {_ITEM_COLUMNS} FROM feed_items WHERE feed_id = ? AND {column} = ? LIMIT 1",
                (feed_id, value),
            )
            if rows:
                return ItemRecord(**dict(rows[0]))
        return None

    def save_items(self, items: list[ItemRecord]) -> None:
        now = time.time()
        updates = ", ".join(
            f"{c} = excluded.{c}" for c in _ITEM_COLUMNS.split(", ") if c not in ("feed_id", "item_key")
        )
        with self.registry.transaction() as conn:
            for item in items:
                conn.execute(
                    f"INSERT INTO feed_items ({_ITEM_COLUMNS}, first_seen_at, updated_at) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) "
                    f"ON CONFLICT (feed_id, item_key) DO UPDATE SET {updates}, updated_at = excluded.updated_at",
                    (*(getattr(item, c) for c in _ITEM_COLUMNS.split(", ")), now, now),
                )
