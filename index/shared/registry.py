"""The article registry in Postgres, for several hosts: the same commit point, pending marks and
summary cache as the SQLite registry (index/registry.py), shared by every host, plus the chunk text
that Postgres full-text search reads, written in the commit's own transaction.

`PostgresRegistry` is a `Registry` (every caller typed for one takes it) whose rows live in
Postgres: it overrides each of the registry's methods and uses none of SQLite's.

The write lock is a Postgres advisory lock instead of a flock: it serialises index writes across
hosts as the flock did across processes, and it is released by the server when the holder's session
ends, so a host killed with -9 (or cut off) never leaves it held. The writes made under it go
through the very connection that holds it: if that connection is lost mid-write (the database
restarted), the lock is gone and so is every later write of that critical section, which fails as
StoreFailure and is undone, rather than commit while another host, now holding the lock, runs
`recover()` over the same pending marks."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert

from index.errors import StoreFailure
from index.registry import ArticleRecord, Registry
from index.rows import ChunkText, SqlConnection
from index.shared import fulltext
from index.shared.database import Database, QmarkConnection
from index.shared.schema import articles, generation, pending, summaries

_WRITE_LOCK = 0x696E6478  # the advisory lock key of index writes ("indx")
_COLUMNS = [c for c in articles.c if c.name != "metadata"]


class AdvisoryWriteLock:
    """`with lock:` holds Postgres' session advisory lock `_WRITE_LOCK` on a connection of its own
    (and a thread lock, since that connection serves one thread)."""

    def __init__(self, database: Database) -> None:
        self._db = database
        self._thread = threading.Lock()
        self._conn: Connection | None = None
        self._owner: int | None = None
        # Set when a statement on the lock's connection fails: the session, and so the lock, may be
        # gone, and SQLAlchemy would quietly reconnect an invalidated connection on its next use.
        self.lost = False

    def __enter__(self) -> None:
        self._thread.acquire()
        try:
            with self._db.call("write lock"):
                conn = self._db.engine.connect()
                try:
                    conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _WRITE_LOCK})
                    conn.commit()
                except BaseException:
                    conn.invalidate()
                    conn.close()
                    raise
        except BaseException:
            self._thread.release()
            raise
        self._conn, self._owner, self.lost = conn, threading.get_ident(), False

    def __exit__(self, *exc: object) -> None:
        conn, self._conn, self._owner = self._conn, None, None
        try:
            if conn is not None:
                try:
                    conn.rollback()
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _WRITE_LOCK})
                    conn.commit()
                except Exception:
                    # Unlock failed (the server went away?): end the session, which ends the lock,
                    # rather than hand a connection that may still hold it back to the pool.
                    conn.invalidate()
                conn.close()
        finally:
            self._thread.release()

    def connection(self) -> Connection | None:
        """The lock's connection when the calling thread holds the lock."""
        return self._conn if self._owner == threading.get_ident() else None


class PostgresRegistry(Registry):
    keeps_chunk_text = True

    def __init__(self, database: Database, tokenize: fulltext.Tokenize) -> None:
        """`tokenize`: the service's one tokenizer, for the full-text rows (index/ cannot import
        it). No SQLite file: nothing of the base class to set up."""
        self.db = database
        self.tokenize = tokenize
        self.lock = AdvisoryWriteLock(database)
        self.write_lock = self.lock

    @contextmanager
    def _write(self, operation: str) -> Iterator[Connection]:
        """A write transaction: on the write lock's connection when this thread holds the lock."""
        held = self.lock.connection()
        if held is None:
            with self.db.begin(operation) as conn:
                yield conn
            return
        if self.lock.lost:  # nothing more is written in this critical section
            raise StoreFailure(operation, ConnectionError("the write lock's database session was lost"))
        try:
            with self.db.call(operation), held.begin():
                yield held
        except BaseException:
            self.lock.lost = True
            raise

    @contextmanager
    def transaction(self) -> Iterator[SqlConnection]:
        """The registry's portable SQL (`?` placeholders) in one Postgres transaction."""
        with self._write("registry write") as conn:
            yield QmarkConnection(conn)

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        with self.db.call("registry read"), self.db.engine.connect() as conn:
            return QmarkConnection(conn).execute(sql, params).fetchall()

    def _read(self, statement: Any) -> list[Any]:
        with self.db.call("registry read"), self.db.engine.connect() as conn:
            return list(conn.execute(statement).all())

    def generation(self) -> int:
        return int(self._read(select(generation.c.value).where(generation.c.id == 0))[0][0])

    # Articles
    def get(self, article_id: str) -> ArticleRecord | None:
        rows = self._read(select(articles).where(articles.c.id == article_id))
        return _record(rows[0]) if rows else None

    def page(self, offset: int, limit: int) -> tuple[list[ArticleRecord], int]:
        total = self.count()
        if offset >= total:
            return [], total
        query = select(articles).order_by(articles.c.created_at, articles.c.id).limit(limit).offset(offset)
        return [_record(r) for r in self._read(query)], total

    def count(self) -> int:
        return int(self._read(select(func.count()).select_from(articles))[0][0])

    def commit_articles(self, records: Sequence[ArticleRecord], chunks: Sequence[ChunkText] = ()) -> None:
        now = time.time()
        final = {r.id: r.version for r in records}  # a batch may hold two versions of one article
        with self._write("registry write") as conn:
            for record in records:
                values = {c.name: getattr(record, c.name) for c in _COLUMNS}
                values |= {"metadata": json.dumps(record.metadata), "created_at": now, "updated_at": now}
                upsert = insert(articles).values(**values)
                kept = {k: upsert.excluded[k] for k in values if k not in ("id", "created_at")}
                record.created_at = conn.execute(
                    upsert.on_conflict_do_update(index_elements=["id"], set_=kept).returning(
                        articles.c.created_at
                    )
                ).scalar_one()
                record.updated_at = now
            committed = [
                c for c in chunks if final.get(c.metadata.get("article_id", "")) == c.metadata.get("version")
            ]
            fulltext.replace_chunks(conn, list(final), committed, self.tokenize)
            _bump(conn)

    def delete_article(self, article_id: str) -> bool:
        with self._write("registry write") as conn:
            gone = conn.execute(delete(articles).where(articles.c.id == article_id)).rowcount
            conn.execute(delete(summaries).where(summaries.c.article_id == article_id))
            fulltext.remove_chunks(conn, [article_id])
            _bump(conn)
        return bool(gone)

    # Writes in flight
    def mark_pending_many(self, pairs: Sequence[tuple[str, str]]) -> None:
        now = time.time()
        with self._write("registry write") as conn:
            for article_id, version in pairs:
                row = {"article_id": article_id, "version": version, "started_at": now}
                conn.execute(
                    insert(pending)
                    .values(**row)
                    .on_conflict_do_update(index_elements=["article_id", "version"], set_={"started_at": now})
                )
            _bump(conn)

    def pending(self) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in self._read(select(pending.c.article_id, pending.c.version))]

    def clear_pending_many(self, pairs: Sequence[tuple[str, str]]) -> None:
        with self._write("registry write") as conn:
            for article_id, version in pairs:
                conn.execute(
                    delete(pending).where(pending.c.article_id == article_id, pending.c.version == version)
                )
            _bump(conn)

    # Summaries cache
    def get_summary(self, cache_key: str) -> str | None:
        rows = self._read(select(summaries.c.body).where(summaries.c.cache_key == cache_key))
        return str(rows[0][0]) if rows else None

    def latest_summary(self, article_id: str) -> str | None:
        query = (
            select(summaries.c.body)
            .where(summaries.c.article_id == article_id)
            .order_by(summaries.c.created_at.desc())
            .limit(1)
        )
        rows = self._read(query)
        return str(rows[0][0]) if rows else None

    def put_summary(self, cache_key: str, article_id: str, body: str) -> None:
        """The first host to store a key wins; a second summary of the same text is not stored."""
        row = {"cache_key": cache_key, "article_id": article_id, "body": body, "created_at": time.time()}
        with self._write("summary write") as conn:
            conn.execute(insert(summaries).values(**row).on_conflict_do_nothing(index_elements=["cache_key"]))

    def close(self) -> None:
        self.db.close()


def _bump(conn: Connection) -> None:
    conn.execute(update(generation).where(generation.c.id == 0).values(value=generation.c.value + 1))


def _record(row: Any) -> ArticleRecord:
    data = dict(row._mapping)
    data["metadata"] = json.loads(data["metadata"])
    return ArticleRecord(**data)
