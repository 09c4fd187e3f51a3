"""The shared database's portable parts on SQLite: the schema creates on any dialect (and again,
harmlessly), its registry tables are the SQLite registry's column for column, and the rate limit
is one bucket per key whichever host takes from it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from index.registry import Registry
from index.shared import METADATA, Database
from index.shared.fulltext import chunk_terms
from service.access import SharedRateLimiter
from service.retrieval.fulltext import as_tsquery, candidate_queries, idf
from service.text import tokenize


def sqlite_database(tmp_path: Path) -> Database:
    database = Database(f"sqlite:///{tmp_path / 'shared.db'}")
    database.create_schema()
    database.create_schema()  # a second host starting: nothing to do, nothing fails
    return database


def test_the_registry_tables_are_the_sqlite_registrys(tmp_path: Path) -> None:
    Registry(tmp_path / "newsdesk.db").close()
    conn = sqlite3.connect(tmp_path / "newsdesk.db")
    for name in ("articles", "pending", "summaries", "generation", "feeds", "feed_items"):
        embedded = [row[1] for row in conn.execute(f"PRAGMA table_info({name})")]
        assert embedded == [c.name for c in METADATA.tables[name].c], name
    conn.close()


def test_the_schema_creates_on_sqlite_without_the_postgres_parts(tmp_path: Path) -> None:
    database = sqlite_database(tmp_path)
    conn = sqlite3.connect(tmp_path / "shared.db")
    columns = [row[1] for row in conn.execute("PRAGMA table_info(keyword_chunks)")]
    assert "tsv" not in columns and "text" in columns
    assert conn.execute("SELECT value FROM generation WHERE id = 0").fetchone() == (0,)
    conn.close()
    database.close()


def test_two_hosts_share_one_bucket_per_key(tmp_path: Path) -> None:
    database = sqlite_database(tmp_path)
    host_a, host_b = SharedRateLimiter(database, 6), SharedRateLimiter(database, 6)
    now = 1_000.0
    waits = [(host_a if n % 2 else host_b).take("key-1", now) for n in range(6)]
    assert waits == [0.0] * 6
    assert host_a.take("key-1", now) > 0 and host_b.take("key-1", now) > 0
    assert host_b.take("key-2", now) == 0.0  # another key, its own bucket
    # 6 a minute: one request's worth comes back after 10 s, on either host.
    assert host_a.take("key-1", now + 9.0) > 0
    assert host_b.take("key-1", now + 10.5) == 0.0
    assert host_a.take("key-1", now + 10.6) > 0  # a refused take does not consume


def test_a_database_that_does_not_answer_lets_requests_through(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'missing' / 'x.db'}")  # cannot be opened
    assert SharedRateLimiter(database, 1).take("key", 0.0) == 0.0


def test_tsquery_quoting_and_idf() -> None:
    assert as_tsquery(["tocoron", "o'neil", "a\\b"]) == "'tocoron' | 'o''neil' | 'a\\\\b'"
    assert idf(1, 1000) > idf(100, 1000) > idf(600, 1000) > 0


def test_candidate_queries_narrow_by_document_frequency() -> None:
    # A small collection: every lexeme at once, which is BM25's own OR.
    assert candidate_queries([("a", 5), ("b", 10)], 100, 5_000, False) == ["'a' | 'b'"]
    # The rare lexemes first, then all of them if those select fewer rows than asked for.
    assert candidate_queries([("a", 100), ("b", 3_000), ("c", 4_000)], 10_000, 5_000, False) == [
        "'a' | 'b'",
        "'a' | 'b' | 'c'",
    ]
    # Every lexeme common: the rarest two together (10,000 x 2% = 200 rows expected), then wider.
    common = [("a", 10_000), ("b", 20_000), ("c", 300_000)]
    assert candidate_queries(common, 1_000_000, 5_000, False) == ["'a' & 'b'", "'a'", "'a' | 'b' | 'c'"]
    # A filter by article ids bounds the rows itself.
    assert candidate_queries(common, 1_000_000, 5_000, True) == ["'a' | 'b' | 'c'"]


def test_chunk_terms_are_the_tokenizers_with_their_frequencies() -> None:
    terms, tfs, tokens = chunk_terms("Police freed 84 women; the women were freed in Tocoron.", tokenize)
    assert terms.split() == ["police", "freed", "84", "women", "tocoron"]
    assert tfs == {"freed": 2, "women": 2}
    assert tokens == 7  # stop words ("the", "were", "in") are not tokens
