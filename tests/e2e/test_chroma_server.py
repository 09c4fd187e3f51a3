"""CHROMA_HOST mode: a real `chroma run` on 127.0.0.1, the service as its client, first with one
process and then with several uvicorn workers sharing it.

The model is a scripted OpenAI-compatible stub (always "Police freed 84 women [1]."): what is under
test is the store, retrieval, citations and deletes over Chroma's HTTP API, not the model, and a
real model per worker would not fit on this machine. The service still checks the answer against
the retrieved passages and quotes the article, so a wrong passage fails the test."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from index.clean import clean_text, fold
from service.text.numbers import values
from tests.conftest import ARTIFACTS, Service, free_port, isolated_env, run_service, seed_text
from tests.fault_llm import FaultyLlm

ANSWER = "Police freed 84 women [1]."


@contextlib.contextmanager
def scripted_llm() -> Iterator[str]:
    with FaultyLlm(mode="answer", answer=ANSWER) as llm:
        yield llm.base_url


@pytest.fixture(scope="module")
def chroma(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    ARTIFACTS.mkdir(exist_ok=True)
    chroma_cli = str(Path(sys.executable).parent / "chroma")
    with (ARTIFACTS / "chroma-server.log").open("wb") as out:
        process = subprocess.Popen(
            [chroma_cli, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2).status_code == 200:
                    break
            assert process.poll() is None and time.monotonic() < deadline, "chroma run did not start"
            time.sleep(0.3)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def llm() -> Iterator[str]:
    with scripted_llm() as base_url:
        yield base_url


def server_env(chroma: int, llm: str, collection: str) -> dict[str, str]:
    return {
        "CHROMA_HOST": "127.0.0.1",
        "CHROMA_PORT": str(chroma),
        "NEWSDESK_COLLECTION": collection,
        "OPENAI_API_KEY": "sk-test",
        "OPENAI_BASE_URL": llm,
        "OPENAI_MODEL": "scripted",
        "NEWSDESK_RATE_LIMIT_PER_MINUTE": "0",
    }


def chunk_count(chroma: int, collection: str) -> int:
    import chromadb

    client = chromadb.HttpClient(host="127.0.0.1", port=chroma)
    return int(client.get_collection(collection).count())


def test_ingest_ask_delete_on_chroma_server(
    tmp_path_factory: pytest.TempPathFactory, chroma: int, llm: str
) -> None:
    env = server_env(chroma, llm, "single")
    with run_service(tmp_path_factory.mktemp("on-server"), "on-server", env) as svc:
        seed = svc.http.post("/articles", json={"id": "seed", "title": "Peru", "text": seed_text()})
        other = svc.http.post(
            "/articles",
            json={
                "id": "kites",
                "title": "Kites",
                "text": "The Brindlemoor kite festival drew 312 visitors.",
            },
        )
        assert seed.status_code == 200 and other.status_code == 200, (seed.text, other.text)
        chunks = seed.json()["articles"][0]["chunk_count"] + 1
        assert chunk_count(chroma, "single") == chunks  # the chunks live on the server, not locally
        assert not (svc.data_dir / "chroma").exists()

        body = svc.http.post("/ask", json={"question": "How many women were freed?"}).json()
        assert not body["abstained"] and 84 in values(body["answer"]), body
        assert body["citations"] and body["citations"][0]["article_id"] == "seed"
        assert fold(body["citations"][0]["quote"]) in fold(clean_text(seed_text()))

        assert svc.http.delete("/articles/seed").status_code == 204
        assert chunk_count(chroma, "single") == 1
        body = svc.http.post("/ask", json={"question": "How many women were freed?"}).json()
        assert all(c["article_id"] != "seed" for c in body["citations"]), body


@contextlib.contextmanager
def serve_workers(tmp: Path, env: dict[str, str], workers: int) -> Iterator[Service]:
    """`newsdesk serve --workers N` (run_service starts one process; this is the same, with N)."""
    port = free_port()
    data_dir = tmp / "workers"
    # faulthandler: a worker that does not stop is sent SIGABRT below and prints every thread's stack.
    full_env = isolated_env(data_dir, {**env, "PYTHONFAULTHANDLER": "1"})
    log = ARTIFACTS / "service-workers.log"
    cli = str(Path(sys.executable).parent / "newsdesk")
    with log.open("wb") as out:
        process = subprocess.Popen(
            [cli, "serve", "--port", str(port), "--workers", str(workers)],
            env=full_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=tmp,
        )
    svc = Service(f"http://127.0.0.1:{port}", process, log, data_dir)
    try:
        deadline = time.monotonic() + 300
        # Every worker logs "ready" once its container is built; wait for all of them.
        while log.read_text(errors="replace").count("ready: provider") < workers:
            assert process.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.5)
        yield svc
    finally:
        svc.http.close()
        process.terminate()
        stopped(process, log)


def stopped(process: subprocess.Popen[bytes], log: Path, timeout_s: float = 60) -> None:
    """Waits for `newsdesk serve --workers N` to end after SIGTERM; if it does not, each worker still
    running dumps its threads into the log (faulthandler, on SIGABRT) and the failure shows them."""
    try:
        process.wait(timeout=timeout_s)
        return
    except subprocess.TimeoutExpired:
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGABRT)
        time.sleep(2)
        process.kill()
        process.wait(timeout=30)
    raise AssertionError(
        f"not stopped {timeout_s:.0f} s after SIGTERM:\n" + log.read_text(errors="replace")[-12000:]
    )


def test_several_workers_share_the_chroma_server(
    tmp_path_factory: pytest.TempPathFactory, chroma: int, llm: str
) -> None:
    env = server_env(chroma, llm, "workers")
    with serve_workers(tmp_path_factory.mktemp("workers"), env, workers=3) as svc:
        acked: dict[str, int] = {}
        lock = threading.Lock()

        def send(thread: int) -> None:
            with httpx.Client(base_url=svc.base_url, timeout=120) as http:
                for i in range(10):
                    article_id = f"w{thread}-{i}"
                    text = f"Worker test {article_id}: the {article_id} bridge carried {100 + i} cars. " * 30
                    response = http.post(
                        "/articles", json={"id": article_id, "title": article_id, "text": text}
                    )
                    assert response.status_code == 200, response.text
                    with lock:
                        acked[article_id] = response.json()["articles"][0]["chunk_count"]

        threads = [threading.Thread(target=send, args=(t,)) for t in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(acked) == 40
        listing = svc.http.get("/articles", params={"limit": 100}).json()
        assert listing["total"] == 40
        assert {a["id"]: a["chunk_count"] for a in listing["items"]} == acked
        assert chunk_count(chroma, "workers") == sum(acked.values())

        # The same ids updated at once through different workers: each ends whole, in one version.
        def update(thread: int) -> None:
            with httpx.Client(base_url=svc.base_url, timeout=120) as http:
                for round_ in range(4):
                    for i in range(5):
                        text = (
                            f"Race {thread}/{round_}: the w0-{i} bridge carried {thread * 10 + round_} vans. "
                            * (8 + 9 * thread)
                        )
                        response = http.post(
                            "/articles", json={"id": f"w0-{i}", "title": "race", "text": text}
                        )
                        assert response.status_code == 200, response.text

        threads = [threading.Thread(target=update, args=(t,)) for t in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        import chromadb

        collection = chromadb.HttpClient(host="127.0.0.1", port=chroma).get_collection("workers")
        for i in range(5):
            detail = svc.http.get(f"/articles/w0-{i}").json()
            got = collection.get(where={"article_id": f"w0-{i}"}, include=["metadatas", "documents"])
            assert len(got["ids"]) == detail["chunk_count"], (i, len(got["ids"]), detail["chunk_count"])
            assert len({m["version"] for m in got["metadatas"] or []}) == 1
            assert all(fold(d) in fold(detail["text"]) for d in got["documents"] or [])
        # Any worker answers from what any other wrote.
        for _ in range(6):
            body = svc.http.post("/ask", json={"question": "How many cars did the w3-9 bridge carry?"})
            assert body.status_code == 200, body.text
        assert "ready: provider" in svc.log.read_text()
