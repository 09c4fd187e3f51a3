"""The servers of the multi-host benches (bench/multihost.py), on 127.0.0.1: a throwaway Postgres
cluster (tests/postgres.py) and a `chroma run` server; the CPU the figures ran on; the bulk load of
generated chunks into Postgres' full-text table."""

from __future__ import annotations

import contextlib
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import common  # noqa: F401  (puts the project on sys.path)

from tests.postgres import PostgresServer


def machine() -> dict[str, Any]:
    flags = set()
    model = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
            if line.startswith("flags"):
                flags = set(line.split(":", 1)[1].split())
    simd = sorted(f for f in flags if f.startswith(("avx", "amx")))
    return {"cpu": model, "cpus": os.cpu_count(), "simd": simd, "python": platform.python_version()}


@contextlib.contextmanager
def servers(tmp: Path, chroma_path: Path | None = None) -> Iterator[tuple[PostgresServer, int]]:
    """A Postgres cluster and a `chroma run` server, both on 127.0.0.1, stopped at the end (the
    Chroma data stays where `chroma_path` says, so a million chunks are loaded once)."""
    import httpx

    from service.llm.llama_server import free_port

    # A database host's memory for its hot table: 4 GB of shared buffers (a quarter of a 16 GB
    # server's, the usual advice), the full-text table read into them once loaded (pg_prewarm).
    pg = PostgresServer(shared_buffers="4GB")
    pg.start()
    port = free_port()
    chroma_log = (tmp / "chroma.log").open("wb")
    chroma = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "chroma"),
            "run",
            "--path",
            str(chroma_path or tmp / "chroma"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=chroma_log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2).status_code == 200:
                    break
            assert time.monotonic() < deadline, "chroma run did not start"
            time.sleep(0.3)
        yield pg, port
    finally:
        chroma.terminate()
        chroma.wait(timeout=60)
        pg.remove()


def chroma_store(port: int, collection: str) -> Any:
    from index.embed import MiniLMEmbeddings
    from index.store import ChunkStore, make_client

    return ChunkStore(make_client(None, "127.0.0.1", port), collection, MiniLMEmbeddings(threads=2))


def load_postgres(database: Any, texts: list[str]) -> float:
    """COPY the chunks in, then the GIN index and the term statistics in bulk; seconds taken."""
    from sqlalchemy import text

    from index.shared.fulltext import chunk_terms
    from service.text import tokenize

    started = time.perf_counter()
    with database.engine.begin() as conn:
        conn.execute(text("DROP INDEX keyword_chunks_tsv"))
    raw = database.engine.raw_connection()
    try:
        with raw.cursor() as cur:
            columns = "id, article_id, text, metadata, terms, tfs, tokens"
            with cur.copy(f"COPY keyword_chunks ({columns}) FROM STDIN") as copy:
                for i, chunk in enumerate(texts):
                    meta = json.dumps({"article_id": f"a{i // 4}", "chunk_index": i % 4})
                    terms, tfs, tokens = chunk_terms(chunk, tokenize)
                    copy.write_row((f"c{i}", f"a{i // 4}", chunk, meta, terms, json.dumps(tfs), tokens))
        raw.commit()
    finally:
        raw.close()
    with database.engine.begin() as conn:
        conn.execute(text("SET maintenance_work_mem = '1GB'"))
        conn.execute(text("CREATE INDEX keyword_chunks_tsv ON keyword_chunks USING gin (tsv)"))
        conn.execute(
            text(
                "INSERT INTO lexicon (lexeme, df) SELECT u.lexeme, count(*) FROM keyword_chunks, "
                "unnest(tsv) AS u GROUP BY u.lexeme"
            )
        )
        conn.execute(
            text(
                "UPDATE keyword_stats SET chunks = s.n, tokens = s.t FROM (SELECT count(*) AS n, "
                "sum(tokens) AS t FROM keyword_chunks) AS s WHERE id = 0"
            )
        )
        conn.execute(text("ANALYZE keyword_chunks"))
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_prewarm"))
        conn.execute(text("SELECT pg_prewarm('keyword_chunks'), pg_prewarm('keyword_chunks_tsv')"))
    return time.perf_counter() - started
