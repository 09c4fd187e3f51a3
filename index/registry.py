"""The article registry: one SQLite file beside Chroma that is the commit point of every ingest.

An article exists once its row is committed here; its chunks in Chroma are written before that
row and tagged with a version, and the `pending` table remembers writes in flight so that a crash
between the two is rolled back at the next start (see `index.pipeline.Indexer.recover`)."""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.errors import storage_call
from index.rows import ChunkText, SqlConnection

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    url TEXT,
    source TEXT,
    published_at TEXT,
    metadata TEXT NOT NULL DEFAULT '{}',
    content_hash TEXT NOT NULL,
    version TEXT NOT NULL,
    chunk_count INTEGER NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_created ON articles (created_at, id);
CREATE TABLE IF NOT EXISTS pending (
    article_id TEXT NOT NULL,
    version TEXT NOT NULL,
    started_at REAL NOT NULL,
    PRIMARY KEY (article_id, version)
);
CREATE TABLE IF NOT EXISTS summaries (
    cache_key TEXT PRIMARY KEY,
    article_id TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS summaries_article ON summaries (article_id, created_at);
CREATE TABLE IF NOT EXISTS generation (id INTEGER PRIMARY KEY CHECK (id = 0), value INTEGER NOT NULL);
INSERT OR IGNORE INTO generation (id, value) VALUES (0, 0);
-- Feeds followed (service/sources/feed_store.py): portable SQL, no SQLite-only syntax.
CREATE TABLE IF NOT EXISTS feeds (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    title TEXT,
    poll_minutes INTEGER NOT NULL,
    status TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    next_poll_at DOUBLE PRECISION NOT NULL,
    last_poll_at DOUBLE PRECISION,
    last_status INTEGER,
    last_error TEXT,
    lease_owner TEXT,
    lease_until DOUBLE PRECISION NOT NULL DEFAULT 0,
    created_at DOUBLE PRECISION NOT NULL
);
CREATE INDEX IF NOT EXISTS feeds_due ON feeds (status, next_poll_at);
CREATE TABLE IF NOT EXISTS feed_items (
    feed_id TEXT NOT NULL,
    item_key TEXT NOT NULL,
    url TEXT,
    guid TEXT,
    content_hash TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    article_id TEXT,
    via TEXT NOT NULL,
    note TEXT,
    page_etag TEXT,
    page_last_modified TEXT,
    first_seen_at DOUBLE PRECISION NOT NULL,
    updated_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (feed_id, item_key)
);
CREATE INDEX IF NOT EXISTS feed_items_url ON feed_items (feed_id, url);
CREATE INDEX IF NOT EXISTS feed_items_guid ON feed_items (feed_id, guid);
CREATE INDEX IF NOT EXISTS feed_items_hash ON feed_items (feed_id, content_hash);
"""
# Bumped in the same transaction as every change to which chunks are live (commit, delete, pending
# marks around Chroma writes), so a reader learns "something changed" from one row, in any process.
_BUMP = "UPDATE generation SET value = value + 1 WHERE id = 0"
# What SQLite raises when the database itself fails (full, read-only, locked, gone).
_SQLITE_FAULTS = (sqlite3.Error, OSError)


@dataclass
class ArticleRecord:
    id: str
    title: str
    text: str
    content_hash: str
    version: str
    chunk_count: int
    url: str | None = None
    source: str | None = None
    published_at: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    created_at: float = 0.0
    updated_at: float = 0.0


_COLUMNS = (
    "id, title, text, url, source, published_at, metadata, content_hash, version, chunk_count, "
    "created_at, updated_at"
)


def _record(row: sqlite3.Row) -> ArticleRecord:
    data = dict(row)
    data["metadata"] = json.loads(data["metadata"])
    return ArticleRecord(**data)


class WriteLock:
    """Serialises index writes across threads and processes sharing one data dir (several uvicorn
    workers, the CLI beside the server). Without it, one worker's "delete the other versions" could
    remove chunks another worker has written but not yet committed, and a worker starting up would
    roll back (`recover`) another's write in flight. flock is released by the kernel if the holder
    dies, so a kill -9 never leaves it held; it is per open file, hence the thread lock too."""

    def __init__(self, path: Path) -> None:
        self._thread = threading.Lock()
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)

    def __enter__(self) -> None:
        self._thread.acquire()
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX)
        except BaseException:
            self._thread.release()
            raise

    def __exit__(self, *exc: object) -> None:
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        self._thread.release()

    def close(self) -> None:
        os.close(self._fd)


class Registry:
    # Whether commits take the chunks' text too (a registry that serves keyword search: Postgres).
    keeps_chunk_text = False

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._flock = WriteLock(path.with_name(path.name + ".lock"))
        # What the indexer holds around every write; on Postgres, a lock across hosts instead.
        self.write_lock: AbstractContextManager[None] = self._flock
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        self._conn.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        with self._lock:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=FULL")  # an acknowledged article survives a crash
            self._conn.executescript(SCHEMA)

    @contextmanager
    def transaction(self) -> Iterator[SqlConnection]:
        with self._lock, storage_call("registry write", _SQLITE_FAULTS):
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        """Rows read as sqlite3.Row reads (by position, by name, dict(row)), on either database."""
        with self._lock, storage_call("registry read", _SQLITE_FAULTS):
            return self._conn.execute(sql, params).fetchall()

    def generation(self) -> int:
        """A number that changes whenever the set of live chunks may have changed."""
        return int(self.query("SELECT value FROM generation WHERE id = 0")[0][0])

    # Articles
    def get(self, article_id: str) -> ArticleRecord | None:
        rows = self.query(f"SELECT {_COLUMNS} FROM articles WHERE id = ?", (article_id,))
        return _record(rows[0]) if rows else None

    def page(self, offset: int, limit: int) -> tuple[list[ArticleRecord], int]:
        rows = self.query(
            f"SELECT {_COLUMNS} FROM articles ORDER BY created_at, id LIMIT ? OFFSET ?", (limit, offset)
        )
        total = self.query("SELECT COUNT(*) FROM articles")[0][0]
        return [_record(r) for r in rows], int(total)

    def count(self) -> int:
        return int(self.query("SELECT COUNT(*) FROM articles")[0][0])

    def commit_articles(self, records: Sequence[ArticleRecord], chunks: Sequence[ChunkText] = ()) -> None:
        """Make articles visible, all in one transaction. Their pending markers stay until the old
        versions' chunks are gone (the indexer clears them), so a crash in between is finished by
        `recover()` at the next start. `chunks` (the new versions' chunks) are for a registry that
        also serves keyword search (Postgres); here BM25 is built from Chroma instead."""
        now = time.time()
        with self.transaction() as conn:
            for record in records:
                existing = conn.execute(
                    "SELECT created_at FROM articles WHERE id = ?", (record.id,)
                ).fetchone()
                record.created_at = existing[0] if existing else now
                record.updated_at = now
                conn.execute(
                    f"INSERT OR REPLACE INTO articles ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        record.id,
                        record.title,
                        record.text,
                        record.url,
                        record.source,
                        record.published_at,
                        json.dumps(record.metadata),
                        record.content_hash,
                        record.version,
                        record.chunk_count,
                        record.created_at,
                        record.updated_at,
                    ),
                )
            conn.execute(_BUMP)

    def delete_article(self, article_id: str) -> bool:
        with self.transaction() as conn:
            gone = conn.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount
            conn.execute("DELETE FROM summaries WHERE article_id = ?", (article_id,))
            conn.execute(_BUMP)
        return bool(gone)

    # Writes in flight
    def mark_pending(self, article_id: str, version: str) -> None:
        self.mark_pending_many([(article_id, version)])

    def mark_pending_many(self, pairs: Sequence[tuple[str, str]]) -> None:
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO pending (article_id, version, started_at) VALUES (?,?,?)",
                [(article_id, version, time.time()) for article_id, version in pairs],
            )
            conn.execute(_BUMP)

    def pending(self) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in self.query("SELECT article_id, version FROM pending")]

    def clear_pending(self, article_id: str, version: str) -> None:
        self.clear_pending_many([(article_id, version)])

    def clear_pending_many(self, pairs: Sequence[tuple[str, str]]) -> None:
        with self.transaction() as conn:
            conn.executemany("DELETE FROM pending WHERE article_id = ? AND version = ?", list(pairs))
            conn.execute(_BUMP)

    # Summaries cache
    def get_summary(self, cache_key: str) -> str | None:
        rows = self.query("SELECT body FROM summaries WHERE cache_key = ?", (cache_key,))
        return str(rows[0][0]) if rows else None

    def latest_summary(self, article_id: str) -> str | None:
        rows = self.query(
            "SELECT body FROM summaries WHERE article_id = ? ORDER BY created_at DESC LIMIT 1", (article_id,)
        )
        return str(rows[0][0]) if rows else None

    def put_summary(self, cache_key: str, article_id: str, body: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO summaries (cache_key, article_id, body, created_at) VALUES (?,?,?,?)",
                (cache_key, article_id, body, time.time()),
            )

    def close(self) -> None:
        with self._lock:
            self._conn.close()
        self._flock.close()
