"""The shared state on a real PostgreSQL server (a throwaway cluster on 127.0.0.1, tests/postgres.py),
in process: registry, full-text rows and term statistics move together with every commit, update,
delete and rollback; the advisory write lock is one across "hosts" (separate engines) and dies with
its session; a server that goes down is StoreFailure and comes back without a restart of ours; the
queue and the rate limit hold under threads of two hosts at once. Chroma is embedded and the vectors
are fake here: the service processes on Postgres and a Chroma server are test_multihost.py."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from index.errors import StoreFailure
from index.pipeline import Indexer, RawArticle
from index.shared import Database, PostgresRegistry
from index.store import ChunkStore, make_client
from service.access import SharedRateLimiter
from service.batch.queue import SharedJobStore
from service.retrieval import Filters, FullTextSearch, HybridRetriever
from service.text import tokenize
from tests.conftest import ARTIFACTS
from tests.postgres import PostgresServer, postgres_server
from tests.unit.index.test_recover import TEXT_1, TEXT_2, Crash, FakeEmbeddings


@pytest.fixture(scope="module")
def pg() -> Iterator[PostgresServer]:
    ARTIFACTS.mkdir(exist_ok=True)
    with postgres_server(ARTIFACTS / "postgres-state.log") as server:
        yield server


@pytest.fixture
def database(pg: PostgresServer) -> Iterator[Database]:
    database = Database(pg.url)
    with database.engine.begin() as conn:  # each test starts from an empty schema
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    database.create_schema()
    yield database
    database.close()


def open_indexer(database: Database, tmp: Path) -> tuple[Indexer, ChunkStore, PostgresRegistry]:
    registry = PostgresRegistry(database, tokenize)
    store = ChunkStore(make_client(tmp / "chroma"), "chunks", FakeEmbeddings())
    return Indexer(registry, store, FakeEmbeddings(), min_tokens=0), store, registry  # type: ignore[arg-type]


def keyword_rows(database: Database) -> Counter[tuple[str, str]]:
    """(article, version) of every full-text row; and the statistics must match the rows."""
    with database.engine.connect() as conn:
        rows = conn.execute(text("SELECT article_id, metadata::json->>'version' FROM keyword_chunks")).all()
        stats = conn.execute(text("SELECT chunks, tokens FROM keyword_stats")).one()
        truth = conn.execute(text("SELECT count(*), coalesce(sum(tokens), 0) FROM keyword_chunks")).one()
        drift = conn.execute(
            text(
                "SELECT count(*) FROM lexicon l FULL JOIN (SELECT u.lexeme, count(*) AS n "
                "FROM keyword_chunks, unnest(tsv) u GROUP BY u.lexeme) t ON t.lexeme = l.lexeme "
                "WHERE coalesce(l.df, 0) <> coalesce(t.n, 0)"
            )
        ).scalar_one()
    assert tuple(stats) == tuple(truth) and drift == 0
    return Counter((r[0], r[1]) for r in rows)


def test_full_text_rows_follow_every_write(database: Database, tmp_path: Path) -> None:
    indexer, store, registry = open_indexer(database, tmp_path)
    for n in range(3):
        indexer.ingest(RawArticle(id=f"other-{n}", title="Weather", text=f"Rain fell in region {n}. " * 40))
    indexer.ingest(RawArticle(id="a", title="Bridge", text=TEXT_1, source="wire"))
    first = registry.get("a")
    assert first and keyword_rows(database)[("a", first.version)] == first.chunk_count
    retriever = HybridRetriever(store, registry, mode="bm25", fulltext=FullTextSearch(database))
    assert {d.metadata["article_id"] for d in retriever.search("Exampletown bridge", 4)} == {"a"}
    assert retriever.search("bridge", 4, Filters(sources=("other",))) == []
    assert retriever.search("bridge", 4, Filters(article_ids=("other-1",))) == []

    indexer.ingest(RawArticle(id="a", title="Road", text=TEXT_2))
    second = registry.get("a")
    rows = keyword_rows(database)
    assert second and rows[("a", second.version)] == second.chunk_count and ("a", first.version) not in rows
    assert retriever.search("bridge", 4) == []
    hits = retriever.search("road", 4)
    assert hits and {d.metadata["article_id"] for d in hits} == {"a"}
    assert {str(d.id) for d in hits} <= {c.id for c in store.chunks_of("a")}  # ids fuse with Chroma's

    assert indexer.delete("a")
    assert not any(a == "a" for a, _ in keyword_rows(database)) and retriever.search("road", 4) == []


def test_a_crash_before_commit_leaves_no_full_text_rows(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    indexer, store, registry = open_indexer(database, tmp_path)
    indexer.ingest(RawArticle(id="a", title="Story", text=TEXT_1))
    before = keyword_rows(database)
    assert sum(before.values()) > 0

    def die(*args: object) -> None:
        raise Crash

    monkeypatch.setattr(registry, "commit_articles", die)
    with pytest.raises(Crash):
        indexer.ingest(RawArticle(id="a", title="Story", text=TEXT_2))
    monkeypatch.undo()
    assert keyword_rows(database) == before  # the new version never reached the commit
    assert registry.pending() == []  # undone in process: chunks of the new version gone too
    assert {c.metadata["version"] for c in store.chunks_of("a")} == {v for _, v in before}


def test_the_write_lock_is_one_across_hosts_and_dies_with_its_session(
    database: Database, pg: PostgresServer
) -> None:
    host_a, host_b = PostgresRegistry(database, tokenize), PostgresRegistry(Database(pg.url), tokenize)
    order: list[str] = []
    with host_a.write_lock:
        waiter = threading.Thread(target=lambda: (host_b.write_lock.__enter__(), order.append("b")))
        waiter.start()
        time.sleep(0.5)
        order.append("a done")
        # The holder's session is cut (a host killed, a network gone): the server ends the lock...
        with database.engine.connect() as conn:
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted")
            )
        waiter.join(timeout=10)
        assert order == ["a done", "b"]
        # ...and the old holder cannot write under the lock it lost, not even on a new session.
        with pytest.raises(StoreFailure):
            host_a.mark_pending("x", "v1")
        with pytest.raises(StoreFailure):
            host_a.mark_pending("x", "v1")
    host_b.write_lock.__exit__(None, None, None)
    assert host_a.pending() == []
    with host_a.write_lock:  # and the lock is whole again for the next writer
        host_a.mark_pending("x", "v1")
    assert host_b.pending() == [("x", "v1")]
    host_b.close()


def test_a_server_that_goes_down_is_a_store_failure_and_comes_back(
    database: Database, pg: PostgresServer
) -> None:
    registry = PostgresRegistry(database, tokenize)
    assert registry.count() == 0
    pg.stop()
    try:
        with pytest.raises(StoreFailure):
            registry.count()
        with pytest.raises(StoreFailure):
            registry.put_summary("k", "a", "{}")
    finally:
        pg.start()
    assert registry.count() == 0  # pooled connections were dead: checked and replaced, no restart


def test_two_hosts_claim_each_line_once_and_count_one_limit(database: Database, pg: PostgresServer) -> None:
    other = Database(pg.url)
    stores = [SharedJobStore(database), SharedJobStore(other)]
    job_id = stores[0].create([f'{{"id": "a{n}"}}' for n in range(200)])["id"]
    claimed: list[int] = []
    lock = threading.Lock()

    def claimer(store: SharedJobStore, worker: str) -> None:
        while (claim := store.claim(worker)) is not None:
            with lock:
                claimed.append(claim.line)

    threads = [threading.Thread(target=claimer, args=(stores[n % 2], f"w{n}")) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(claimed) == list(range(1, 201)) and stores[1].get(job_id)["status"] == "running"

    limiters = [SharedRateLimiter(database, 25), SharedRateLimiter(other, 25)]
    allowed: list[bool] = []

    def taker(n: int) -> None:
        for _ in range(10):
            wait = limiters[n % 2].take("key")
            with lock:
                allowed.append(wait == 0.0)

    threads = [threading.Thread(target=taker, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(allowed) in (25, 26)  # the bucket's 25, plus at most one refilled in the run
    other.close()


def test_the_feeds_store_runs_on_postgres_and_leases_across_hosts(
    database: Database, pg: PostgresServer
) -> None:
    """service/sources' feed store writes the registry's portable SQL; on Postgres it runs through
    QmarkConnection, and a feed's lease is one across hosts."""
    from service.sources.feed_store import FeedStore, ItemRecord

    other = Database(pg.url)
    host_a, host_b = (
        FeedStore(PostgresRegistry(database, tokenize)),
        FeedStore(PostgresRegistry(other, tokenize)),
    )
    feed, made = host_a.add("https://news.example/feed.xml", 30, "Example")
    again, made_again = host_b.add("https://news.example/feed.xml", 30)
    assert made and not made_again and again.id == feed.id and again.title == "Example"
    assert host_b.due(time.time() + 1) == [feed.id]
    assert host_a.claim(feed.id, "host-a", 60) and not host_b.claim(feed.id, "host-b", 60)
    assert host_a.renew(feed.id, "host-a", 60) and not host_b.renew(feed.id, "host-b", 60)
    item = ItemRecord(
        feed.id, "https://news.example/a", "https://news.example/a", None, "h1", "f1", "a1", "page"
    )
    host_a.save_items([item])
    host_a.save_items([ItemRecord(**{**item.__dict__, "article_id": "a2"})])  # the upsert
    found = host_b.find_item(feed.id, None, None, "h1")
    assert found is not None and found.article_id == "a2"
    assert host_a.finish(feed.id, "host-a", etag='"v1"', last_status=200, next_poll_at=time.time() + 1800)
    got = host_b.get(feed.id)
    assert got and (got.etag, got.last_status, got.items_seen) == ('"v1"', 200, 1)
    assert host_b.claim(feed.id, "host-b", 60)  # the lease was given back
    assert host_b.remove(feed.id) and host_a.all() == []
    other.close()
