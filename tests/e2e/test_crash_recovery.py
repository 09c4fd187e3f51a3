"""kill -9 in the middle of a stream of ingests, twice, on the same data dir: every acknowledged
article is whole after restart, nothing is half-indexed, and re-sending everything adds nothing.

Two client threads each own a disjoint set of article ids and post them in order, some twice with
new text (an update exercises the "delete the old version" step). Chroma is read directly from
the data dir at the end, with the service stopped, so the check does not trust the service."""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import Service, no_llm_env, run_service

WORDS = [
    "harbour",
    "council",
    "ferry",
    "bridge",
    "mayor",
    "river",
    "market",
    "school",
    "storm",
    "festival",
    "railway",
    "station",
    "budget",
    "museum",
    "library",
    "vote",
    "police",
    "union",
    "strike",
    "museum",
    "orchard",
    "vineyard",
    "airport",
    "court",
    "hospital",
]


def article_text(article_id: str, version: int) -> str:
    rng = random.Random(f"{article_id}/{version}")
    sentences = [
        f"The {rng.choice(WORDS)} of {article_id.replace('-', ' ')} reported {rng.randint(2, 9999)} "
        f"{rng.choice(WORDS)}s in version {version}, officials said on day {n}."
        for n in range(rng.randint(20, 60))
    ]
    return " ".join(sentences)


# Each thread's script: (id, version) in order; every fifth article is updated later on.
def script(thread: int, n: int) -> list[tuple[str, int]]:
    ids = [f"crash-{thread}-{i:03d}" for i in range(n)]
    steps = [(a, 1) for a in ids]
    for i in range(0, n, 5):
        steps.insert(min(len(steps), i + 8), (ids[i], 2))
    return steps


class Stream:
    """Posts the scripts from two threads; records what was acknowledged and what was sent."""

    def __init__(self, base_url: str, scripts: list[list[tuple[str, int]]]) -> None:
        self.base_url = base_url
        self.scripts = scripts
        self.acked: dict[str, tuple[int, int]] = {}  # id -> (version, chunk_count) of the last 200
        self.sent: dict[str, set[int]] = {}
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run, args=(s,), daemon=True) for s in scripts]

    def _run(self, steps: list[tuple[str, int]]) -> None:
        with httpx.Client(base_url=self.base_url, timeout=120) as http:
            for article_id, version in steps:
                body = {"id": article_id, "title": article_id, "text": article_text(article_id, version)}
                with self.lock:
                    self.sent.setdefault(article_id, set()).add(version)
                try:
                    response = http.post("/articles", json=body)
                except httpx.HTTPError:
                    return  # the service died under us: this one was never acknowledged
                assert response.status_code == 200, response.text
                with self.lock:
                    self.acked[article_id] = (version, response.json()["articles"][0]["chunk_count"])

    def start(self) -> None:
        for t in self.threads:
            t.start()

    def join(self) -> None:
        for t in self.threads:
            t.join(timeout=300)


def kill_after(svc: Service, stream: Stream, acks: int) -> bool:
    """SIGKILL once `acks` articles are acknowledged, at a moment a write is in flight (a pending
    marker is in the registry: chunks may be half-upserted, the row not yet committed) if one
    shows up within 10 s. Returns whether it did."""
    stream.start()
    deadline = time.monotonic() + 300
    while len(stream.acked) < acks and time.monotonic() < deadline:
        time.sleep(0.02)
    db = sqlite3.connect(f"file:{svc.data_dir / 'newsdesk.db'}?mode=ro", uri=True, timeout=5)
    mid_write, deadline = False, time.monotonic() + 10
    while not mid_write and time.monotonic() < deadline:
        mid_write = db.execute("SELECT COUNT(*) FROM pending").fetchone()[0] > 0
    svc.process.kill()  # SIGKILL: no shutdown hook, no flush
    db.close()
    svc.process.wait()
    stream.join()
    return mid_write


def check_acknowledged(svc: Service, acked: dict[str, tuple[int, int]], sent: dict[str, set[int]]) -> None:
    for article_id, (version, chunks) in acked.items():
        response = svc.http.get(f"/articles/{article_id}")
        assert response.status_code == 200, f"acknowledged {article_id} lost: {response.text}"
        text = response.json()["text"]
        # The acknowledged text, or a later one whose request was cut off after its commit.
        later = [v for v in sent[article_id] if v >= version]
        assert any(text == article_text(article_id, v) for v in later), article_id
        if text == article_text(article_id, version):
            assert response.json()["chunk_count"] == chunks


def chroma_chunks(data_dir: Path) -> dict[str, list[str]]:
    """article_id -> versions of its chunks, read straight from Chroma's files."""
    import chromadb
    from chromadb.config import Settings

    client = chromadb.PersistentClient(
        path=str(data_dir / "chroma"), settings=Settings(anonymized_telemetry=False)
    )
    got = client.get_collection("newsdesk_chunks").get(include=["metadatas"])
    out: dict[str, list[str]] = {}
    for meta in got["metadatas"] or []:
        out.setdefault(str(meta["article_id"]), []).append(str(meta["version"]))
    return out


def test_kill_9_mid_ingest_loses_and_duplicates_nothing(tmp_path_factory: pytest.TempPathFactory) -> None:
    tmp = tmp_path_factory.mktemp("crash")
    scripts = [script(0, 40), script(1, 40)]
    everything = [step for pair in zip(*scripts, strict=True) for step in pair]
    acked: dict[str, tuple[int, int]] = {}
    sent: dict[str, set[int]] = {}
    rolled_back: list[str] = []
    mid_writes: list[bool] = []
    # Round 1 kills a fresh stream; round 2 kills a re-send of everything over the survivors.
    for round_scripts, acks in ((scripts, 15), ([everything[::2], everything[1::2]], 30)):
        with run_service(tmp, "crash", no_llm_env()) as svc:
            stream = Stream(svc.base_url, round_scripts)
            mid_writes.append(kill_after(svc, stream, acks))
        for article_id, versions in stream.sent.items():
            sent.setdefault(article_id, set()).update(versions)
        acked.update(stream.acked)
        with run_service(tmp, "crash", no_llm_env()) as svc:
            rolled_back += [line for line in svc.log.read_text().splitlines() if "rolled back" in line]
            check_acknowledged(svc, acked, sent)

    # At least one kill hit a write in flight, and the restart rolled it back or finished it.
    assert any(mid_writes) and rolled_back, (mid_writes, rolled_back)

    # Finally re-send the whole batch in its original order, uninterrupted.
    with run_service(tmp, "crash", no_llm_env()) as svc:
        final = Stream(svc.base_url, scripts)
        final.start()
        final.join()
        assert len(final.acked) == 80
        listing = svc.http.get("/articles", params={"limit": 500}).json()
        registry = {a["id"]: a for a in listing["items"]}
        assert listing["total"] == 80
        metrics = svc.http.get("/metrics").text
    db = sqlite3.connect(svc.data_dir / "newsdesk.db")
    assert db.execute("SELECT COUNT(*) FROM pending").fetchone()[0] == 0
    versions = {row[0]: row[1] for row in db.execute("SELECT id, version FROM articles")}
    chunks = chroma_chunks(svc.data_dir)
    assert set(chunks) == set(registry), "chunks of articles the registry does not have"
    for article_id, article in registry.items():
        assert len(chunks[article_id]) == article["chunk_count"] == final.acked[article_id][1], article_id
        assert set(chunks[article_id]) == {versions[article_id]}, f"{article_id}: stale or half versions"
    total = sum(a["chunk_count"] for a in registry.values())
    assert f"newsdesk_chunks_stored {float(total)}" in metrics
    print(
        f"acknowledged before kills: {len(acked)}; killed mid-write: {mid_writes}; {rolled_back}; chunks: {total}"
    )
