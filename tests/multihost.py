"""Several Newsdesk hosts on one Postgres and one Chroma server, all on 127.0.0.1, for
tests/e2e/test_multihost.py: the servers and hosts (`Cluster`), a stream of ingests through an outage
(`ingest_through`) and the check that both stores hold exactly the committed articles (`assert_whole`)."""

from __future__ import annotations

import contextlib
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text

from tests.conftest import ARTIFACTS, Service, free_port, run_service
from tests.e2e.test_storage_faults import start_chroma
from tests.fault_llm import FaultyLlm
from tests.postgres import PostgresServer


@dataclass
class Cluster:
    tmp: Path
    pg: PostgresServer
    chroma: subprocess.Popen[bytes]
    chroma_port: int
    llm: FaultyLlm
    hosts: dict[str, Service] = field(default_factory=dict)
    stack: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)
    job: str = ""

    def env(self) -> dict[str, str]:
        return {
            "NEWSDESK_DATABASE_URL": self.pg.url,
            "CHROMA_HOST": "127.0.0.1",
            "CHROMA_PORT": str(self.chroma_port),
            "NEWSDESK_COLLECTION": "multihost",
            "OPENAI_API_KEY": "sk-test",
            "OPENAI_BASE_URL": self.llm.base_url,
            "OPENAI_MODEL": "scripted",
            "NEWSDESK_BATCH_LEASE_S": "4",
            "NEWSDESK_RECOVER_INTERVAL_S": "2",
        }

    def start_host(self, name: str, **extra: str) -> Service:
        self.hosts[name] = self.stack.enter_context(run_service(self.tmp, name, {**self.env(), **extra}))
        return self.hosts[name]

    def sql(self, query: str, **params: Any) -> list[Any]:
        engine = create_engine(self.pg.url)
        try:
            with engine.connect() as conn:
                return list(conn.execute(text(query), params).all())
        finally:
            engine.dispose()

    def chroma_chunks(self) -> list[tuple[str, dict[str, Any]]]:
        import chromadb

        collection = chromadb.HttpClient(host="127.0.0.1", port=self.chroma_port).get_collection("multihost")
        got = collection.get(include=["metadatas"])
        return [(i, dict(m or {})) for i, m in zip(got["ids"], got["metadatas"] or [], strict=True)]


@contextlib.contextmanager
def running_cluster(tmp: Path, answer: str) -> Iterator[Cluster]:
    """Postgres, a Chroma server, the scripted model answering `answer`, and hosts A and B."""
    ARTIFACTS.mkdir(exist_ok=True)
    pg = PostgresServer(ARTIFACTS / "postgres-multihost.log")
    pg.start()
    port = free_port()
    chroma = start_chroma(tmp / "chroma", port)
    llm = FaultyLlm(mode="answer", answer=answer).__enter__()
    state = Cluster(tmp, pg, chroma, port, llm)
    try:
        state.start_host("host-a")
        state.start_host("host-b")
        yield state
    finally:
        state.stack.close()
        state.chroma.terminate()
        state.chroma.wait(timeout=30)
        llm.__exit__(None, None, None)
        pg.remove()


def lanterns(n: int) -> dict[str, str]:
    text_ = " ".join(
        f"Harbour report {n}.{i}: {i * 7 + n} lanterns were lit in Port Ellis." for i in range(50)
    )
    return {"id": f"lantern-{n}", "title": f"Lanterns {n}", "text": text_}


def ingest_through(cluster: Cluster, outage: Any, prefix_start: int) -> tuple[set[str], int]:
    """POST articles one by one to both hosts in turn while `outage()` stops and starts a server;
    returns the acknowledged ids and how many writes were refused with 503 store_unavailable."""
    hosts = [cluster.hosts["host-a"], cluster.hosts["host-b"]]
    acked: set[str] = set()
    refused = 0
    stop = threading.Event()
    errors: list[str] = []

    def writer() -> None:
        nonlocal refused
        n = prefix_start
        with httpx.Client(timeout=60) as http:
            while not stop.is_set():
                article = lanterns(n)
                response = http.post(f"{hosts[n % 2].base_url}/articles", json=article)
                if response.status_code == 200:
                    acked.add(article["id"])
                elif response.status_code == 503 and response.json()["error"]["code"] == "store_unavailable":
                    refused += 1
                else:
                    errors.append(response.text)
                n += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        outage(lambda: refused, lambda: len(acked))
    finally:
        stop.set()
        thread.join(timeout=120)
    assert not errors, errors[:3]
    return acked, refused


def assert_whole(cluster: Cluster, acked: set[str]) -> None:
    """Every acknowledged article is stored; every stored article is whole in Chroma and in the
    full-text rows, in its one committed version; nothing else is there; no marks left over."""
    deadline = time.monotonic() + 60
    while cluster.sql("SELECT count(*) FROM pending")[0][0]:
        assert time.monotonic() < deadline, "interrupted writes were not finished by the sweeps"
        time.sleep(0.5)
    stored = {r[0]: (r[1], r[2]) for r in cluster.sql("SELECT id, version, chunk_count FROM articles")}
    assert acked <= set(stored)
    chunks: dict[str, Counter[str]] = {}
    for chunk_id, meta in cluster.chroma_chunks():
        chunks.setdefault(meta["article_id"], Counter())[meta["version"]] += 1
        assert chunk_id.startswith(f"{meta['article_id']}:{meta['version']}:")
    keyword = {
        r[0]: (r[1], r[2])
        for r in cluster.sql(
            "SELECT article_id, min(metadata::json->>'version'), count(*) FROM keyword_chunks GROUP BY article_id"
        )
    }
    assert set(chunks) == set(stored) == set(keyword)
    for article_id, (version, count) in stored.items():
        assert chunks[article_id] == Counter({version: count}), article_id
        assert keyword[article_id] == (version, count), article_id
