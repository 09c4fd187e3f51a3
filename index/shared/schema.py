"""The one schema of Newsdesk's state, as SQLAlchemy Core tables.

The registry's tables (articles, pending, summaries, generation, feeds, feed_items) are the ones the
embedded SQLite registry creates in index/registry.py, column for column (tests/unit/index/test_shared_schema.py
checks); the rest exist only in a shared database: the chunk text for full-text search, its term
statistics, batch jobs as a queue of lines, and rate-limit buckets. Times are Unix seconds (floats)
as in the SQLite registry; leases and buckets compare them across hosts, which assumes clocks kept
in step (NTP) to well within a lease.

On Postgres, `keyword_chunks.tsv` is a stored generated `tsvector` with a GIN index, added by DDL
that runs on Postgres only, so the same tables also create on SQLite (the unit tests of the queue
and the limits run there)."""

from __future__ import annotations

from sqlalchemy import (
    DDL,
    JSON,
    BigInteger,
    Boolean,
    Column,
    Float,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    event,
)
from sqlalchemy.dialects.postgresql import JSONB

METADATA = MetaData()

articles = Table(
    "articles",
    METADATA,
    Column("id", Text, primary_key=True),
    Column("title", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("url", Text),
    Column("source", Text),
    Column("published_at", Text),
    Column("metadata", Text, nullable=False, server_default="{}"),  # JSON, as in SQLite
    Column("content_hash", Text, nullable=False),
    Column("version", Text, nullable=False),
    Column("chunk_count", Integer, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    Index("articles_created", "created_at", "id"),
)

pending = Table(
    "pending",
    METADATA,
    Column("article_id", Text, primary_key=True),
    Column("version", Text, primary_key=True),
    Column("started_at", Float, nullable=False),
)

summaries = Table(
    "summaries",
    METADATA,
    Column("cache_key", Text, primary_key=True),  # unique: two hosts summarising one article store one
    Column("article_id", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("created_at", Float, nullable=False),
    Index("summaries_article", "article_id", "created_at"),
)

generation = Table(
    "generation",
    METADATA,
    Column("id", Integer, primary_key=True),
    Column("value", BigInteger, nullable=False),
)

# Feeds followed and the items seen in them (service/sources/feed_store.py, portable SQL through
# `Registry.transaction()`); the lease columns keep each feed to one poller across every host.
feeds = Table(
    "feeds",
    METADATA,
    Column("id", Text, primary_key=True),
    Column("url", Text, nullable=False, unique=True),
    Column("title", Text),
    Column("poll_minutes", Integer, nullable=False),
    Column("status", Text, nullable=False),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("next_poll_at", Float, nullable=False),
    Column("last_poll_at", Float),
    Column("last_status", Integer),
    Column("last_error", Text),
    Column("lease_owner", Text),
    Column("lease_until", Float, nullable=False, server_default="0"),
    Column("created_at", Float, nullable=False),
    Index("feeds_due", "status", "next_poll_at"),
)
feed_items = Table(
    "feed_items",
    METADATA,
    Column("feed_id", Text, primary_key=True),
    Column("item_key", Text, primary_key=True),
    Column("url", Text),
    Column("guid", Text),
    Column("content_hash", Text, nullable=False),
    Column("fingerprint", Text, nullable=False),
    Column("article_id", Text),
    Column("via", Text, nullable=False),
    Column("note", Text),
    Column("page_etag", Text),
    Column("page_last_modified", Text),
    Column("first_seen_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    Index("feed_items_url", "feed_id", "url"),
    Index("feed_items_guid", "feed_id", "guid"),
    Index("feed_items_hash", "feed_id", "content_hash"),
)

# The committed version's chunks, written in the registry's commit transaction (the article's
# commit point), so keyword search never sees a half-written article.
keyword_chunks = Table(
    "keyword_chunks",
    METADATA,
    Column("id", Text, primary_key=True),  # the Chroma chunk id: dense and keyword hits fuse by it
    Column("article_id", Text, nullable=False, index=True),
    Column("text", Text, nullable=False),
    Column("metadata", Text, nullable=False),  # JSON: the chunk's Chroma metadata
    Column("source", Text),
    Column("published_ts", BigInteger),
    # The chunk's terms as the service's one tokenizer makes them (service/text/terms.py, what BM25
    # indexes), space-separated, each once; the frequency of those it holds more than once (JSON);
    # and how many tokens it has (BM25's document length).
    Column("terms", Text, nullable=False),
    Column("tfs", JSON().with_variant(JSONB(), "postgresql"), nullable=False),
    Column("tokens", Integer, nullable=False),
)

# Document frequency per lexeme and the collection's size in chunks and tokens: BM25's idf and length
# normalisation, which Postgres' own ts_rank lacks. Kept in the same transactions as keyword_chunks.
lexicon = Table(
    "lexicon",
    METADATA,
    Column("lexeme", Text, primary_key=True),
    Column("df", Integer, nullable=False),
)
keyword_stats = Table(
    "keyword_stats",
    METADATA,
    Column("id", Integer, primary_key=True),
    Column("chunks", BigInteger, nullable=False),
    Column("tokens", BigInteger, nullable=False),
)

batch_jobs = Table(
    "batch_jobs",
    METADATA,
    Column("id", Text, primary_key=True),
    Column("status", Text, nullable=False),  # queued, running, done
    Column("created_at", Float, nullable=False),
    Column("started_at", Float),
    Column("finished_at", Float),
    Column("total", Integer, nullable=False),
    Column("done", Integer, nullable=False, server_default="0"),
    Column("failed", Integer, nullable=False, server_default="0"),
)

# One row per input line: the queue. A line is claimable when `todo`, or `claimed` with its lease
# run out (the host that claimed it died or lost the database).
batch_lines = Table(
    "batch_lines",
    METADATA,
    Column("job_id", Text, primary_key=True),
    Column("line", Integer, primary_key=True),  # 1-based line number in the upload
    Column("body", Text, nullable=False),
    Column("queued_at", Float, nullable=False),  # the job's created_at: jobs run first come first served
    Column("state", Text, nullable=False),  # todo, claimed, done
    Column("claimed_by", Text),
    Column("lease_until", Float),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Index("batch_lines_open", "state", "queued_at"),
)

# The primary key is the "each line written once": a second writer of the same line inserts nothing.
batch_results = Table(
    "batch_results",
    METADATA,
    Column("job_id", Text, primary_key=True),
    Column("line", Integer, primary_key=True),
    Column("body", Text, nullable=False),  # the JSON result line
    Column("is_error", Boolean, nullable=False),
    Column("written_by", Text, nullable=False),
    Column("written_at", Float, nullable=False),
)

rate_buckets = Table(
    "rate_buckets",
    METADATA,
    Column("caller", Text, primary_key=True),
    Column("tokens", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    Column("allowed", Boolean, nullable=False),  # the verdict of the last take, read back by RETURNING
)

# Postgres only: the tsvector column and its GIN index. Its lexemes are `terms` taken as they are
# (array_to_tsvector parses nothing): keyword search matches the tokens BM25 would, "186.3m" and
# "1080" included, and no positions, so a row's tsvector stays small, inline and uncompressed.
for ddl in (
    "ALTER TABLE keyword_chunks ADD COLUMN tsv tsvector "
    "GENERATED ALWAYS AS (array_to_tsvector(string_to_array(terms, ' '))) STORED",
    "CREATE INDEX keyword_chunks_tsv ON keyword_chunks USING gin (tsv)",
    # Commit order: equal scores rank the earlier-written chunk first, as the in-process BM25 does
    # (it keeps Chroma's insertion order).
    "ALTER TABLE keyword_chunks ADD COLUMN seq bigserial",
    # What a search reads of every candidate (tsv, tfs, tokens) stays in the row; the text, its
    # terms and metadata, read for the k chunks returned, go out of line first when a row is big.
    "ALTER TABLE keyword_chunks ALTER COLUMN text SET STORAGE EXTERNAL, "
    "ALTER COLUMN terms SET STORAGE EXTERNAL, ALTER COLUMN metadata SET STORAGE EXTERNAL, "
    "ALTER COLUMN tsv SET STORAGE MAIN",
):
    event.listen(keyword_chunks, "after_create", DDL(ddl).execute_if(dialect="postgresql"))
