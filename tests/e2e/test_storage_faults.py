"""The store fails under a running service: the disk fills up, turns read-only (embedded Chroma) or
the Chroma server goes away (CHROMA_HOST). Writes get a clear 507/503, the service stays up and
keeps answering reads, and nothing acknowledged is lost.

A full disk is simulated twice: with RLIMIT_FSIZE on the live service process (no privilege needed;
every write that grows a file fails with EFBIG, which is what a full disk looks like to SQLite and
Chroma) and, where we may mount, with a small tmpfs that really fills up (ENOSPC). A read-only disk
is a loop-device ext4 that the kernel turns read-only on an error, under the open files; tests that
need to mount skip, saying why, where that is not allowed."""

from __future__ import annotations

import os
import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import ARTIFACTS, Service, free_port, no_llm_env, run_service
from tests.disks import Ext4Volume, fill, small_tmpfs
from tests.e2e.test_crash_recovery import chroma_chunks


def big_article(n: int) -> dict[str, str]:
    text = " ".join(f"Article {n} sentence {i} reports {i * 7 + n} harbour lanterns lit." for i in range(600))
    return {"id": f"full-{n}", "title": f"Lanterns {n}", "text": text}


def files_max(path: Path) -> int:
    return max((p.stat().st_size for p in path.rglob("*") if p.is_file()), default=0)


def write_until_full(svc: Service, acked: dict[str, int], numbers: range) -> None:
    """POST big articles until the store answers 507 store_full (it must, within `numbers`);
    what it acknowledged on the way is recorded in `acked`."""
    for n in numbers:
        response = svc.http.post("/articles", json=big_article(n))
        if response.status_code == 200:
            acked[f"full-{n}"] = response.json()["articles"][0]["chunk_count"]
            continue
        assert response.status_code == 507, response.text
        assert response.json()["error"]["code"] == "store_full"
        assert "full" in response.json()["error"]["message"]
        return
    raise AssertionError(f"no 507 after {len(numbers)} writes")


def test_full_disk_is_507_and_the_service_stays_up(tmp_path_factory: pytest.TempPathFactory) -> None:
    tmp = tmp_path_factory.mktemp("full")
    acked: dict[str, int] = {}
    with run_service(tmp, "full", no_llm_env(NEWSDESK_RECOVER_INTERVAL_S="1")) as svc:
        for n in range(3):
            response = svc.http.post("/articles", json=big_article(n))
            assert response.status_code == 200, response.text
            acked[f"full-{n}"] = response.json()["articles"][0]["chunk_count"]
        # Below every file's size: no file may grow, as on a full disk (blocks already allocated
        # can still be rewritten, as on a full disk).
        limit = 32_768
        assert files_max(svc.data_dir) > limit
        # Only the soft limit: lowering the hard one could not be undone without CAP_SYS_RESOURCE.
        soft, hard = resource.prlimit(svc.process.pid, resource.RLIMIT_FSIZE)
        resource.prlimit(svc.process.pid, resource.RLIMIT_FSIZE, (limit, hard))
        write_until_full(svc, acked, range(3, 60))
        # Still up, still reading.
        assert svc.http.get("/health").status_code == 200
        assert svc.http.get("/articles").json()["total"] == len(acked)
        assert svc.process.poll() is None
        resource.prlimit(svc.process.pid, resource.RLIMIT_FSIZE, (soft, hard))
        # Space is back: within a sweep, whatever the failed writes left is gone (no restart)...
        db = sqlite3.connect(f"file:{svc.data_dir / 'newsdesk.db'}?mode=ro", uri=True)
        deadline = time.monotonic() + 30
        while db.execute("SELECT COUNT(*) FROM pending").fetchone()[0] and time.monotonic() < deadline:
            time.sleep(0.5)
        assert db.execute("SELECT COUNT(*) FROM pending").fetchone()[0] == 0
        db.close()
        assert f"newsdesk_chunks_stored {float(sum(acked.values()))}" in svc.http.get("/metrics").text
        # ...and the same process takes writes again.
        again = svc.http.post("/articles", json=big_article(98))
        assert again.status_code == 200, again.text
        acked["full-98"] = again.json()["articles"][0]["chunk_count"]

    # After a restart with space again: everything acknowledged is there, and writes work.
    with run_service(tmp, "full", no_llm_env()) as svc:
        for article_id, chunks in acked.items():
            got = svc.http.get(f"/articles/{article_id}")
            assert got.status_code == 200 and got.json()["chunk_count"] == chunks
        assert svc.http.get("/articles").json()["total"] == len(acked)
        assert svc.http.post("/articles", json=big_article(99)).status_code == 200
        metrics = svc.http.get("/metrics").text
        total = sum(acked.values()) + svc.http.get("/articles/full-99").json()["chunk_count"]
        assert f"newsdesk_chunks_stored {float(total)}" in metrics


def start_chroma(path: Path, port: int) -> subprocess.Popen[bytes]:
    ARTIFACTS.mkdir(exist_ok=True)
    with (ARTIFACTS / "chroma-fault.log").open("ab") as out:
        process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "chroma"),
                "run",
                "--path",
                str(path),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, "chroma run did not start"
        time.sleep(0.3)


def test_chroma_server_down_is_503_and_recovers(tmp_path_factory: pytest.TempPathFactory) -> None:
    tmp = tmp_path_factory.mktemp("chroma-down")
    port = free_port()
    chroma = start_chroma(tmp / "chroma-data", port)
    env = no_llm_env(CHROMA_HOST="127.0.0.1", CHROMA_PORT=str(port))
    try:
        with run_service(tmp, "chroma-down", env) as svc:
            assert svc.http.post("/articles", json=big_article(1)).status_code == 200
            chroma.terminate()
            chroma.wait(timeout=30)
            response = svc.http.post("/articles", json=big_article(2))
            assert response.status_code == 503, response.text
            assert response.json()["error"]["code"] == "store_unavailable"
            assert svc.http.post("/ask", json={"question": "How many lanterns?"}).status_code == 503
            assert svc.http.get("/health").status_code == 200
            assert svc.http.get("/articles").json()["total"] == 1
            chroma = start_chroma(tmp / "chroma-data", port)
            retried = svc.http.post("/articles", json=big_article(2))
            assert retried.status_code == 200, retried.text
            assert svc.http.get("/articles").json()["total"] == 2
    finally:
        chroma.terminate()
        chroma.wait(timeout=30)


def pending_after_sweep(data_dir: Path, timeout_s: float = 30) -> int:
    """Markers of interrupted writes left once the janitor (every second here) has had its chance."""
    db = sqlite3.connect(f"file:{data_dir / 'newsdesk.db'}?mode=ro", uri=True)
    try:
        deadline = time.monotonic() + timeout_s
        while (
            left := db.execute("SELECT COUNT(*) FROM pending").fetchone()[0]
        ) and time.monotonic() < deadline:
            time.sleep(0.5)
        return int(left)
    finally:
        db.close()


def test_read_only_disk_is_503_and_reads_go_on(tmp_path_factory: pytest.TempPathFactory) -> None:
    tmp = tmp_path_factory.mktemp("readonly")
    acked: dict[str, int] = {}
    with Ext4Volume(tmp, tmp / "ro") as volume:
        with run_service(tmp, "ro", no_llm_env(NEWSDESK_RECOVER_INTERVAL_S="1")) as svc:
            for n in range(3):
                response = svc.http.post("/articles", json=big_article(n))
                assert response.status_code == 200, response.text
                acked[f"full-{n}"] = response.json()["articles"][0]["chunk_count"]
            volume.fail()
            for n in range(3, 6):  # every try, not only the first, is a clear 503
                response = svc.http.post("/articles", json=big_article(n))
                assert response.status_code == 503, response.text
                assert response.json()["error"]["code"] == "store_read_only", response.text
                assert "read-only" in response.json()["error"]["message"]
            assert svc.http.delete("/articles/full-0").status_code == 503
            # Reads go on from the open files: the list, one article, health, metrics.
            assert svc.http.get("/health").status_code == 200
            assert svc.http.get("/articles").json()["total"] == len(acked)
            got = svc.http.get("/articles/full-1")
            assert got.status_code == 200 and got.json()["text"].startswith("Article 1 sentence 0")
            assert f"newsdesk_chunks_stored {float(sum(acked.values()))}" in svc.http.get("/metrics").text
            time.sleep(2)  # two janitor sweeps on the read-only disk: they must not kill the process
            assert svc.process.poll() is None
        volume.repair()  # stop, fsck, mount: how an operator gets a disk that failed back
        with run_service(tmp, "ro", no_llm_env(NEWSDESK_RECOVER_INTERVAL_S="1")) as svc:
            for article_id, chunks in acked.items():
                got = svc.http.get(f"/articles/{article_id}")
                assert got.status_code == 200 and got.json()["chunk_count"] == chunks, got.text
            again = svc.http.post("/articles", json=big_article(7))
            assert again.status_code == 200, again.text
            acked["full-7"] = again.json()["articles"][0]["chunk_count"]
            assert svc.http.get("/articles").json()["total"] == len(acked)
            assert pending_after_sweep(svc.data_dir) == 0
        # Chroma read straight from its files: exactly the acknowledged chunks, nothing half-written.
        assert {a: len(v) for a, v in chroma_chunks(svc.data_dir).items()} == acked


def test_full_tmpfs_is_507_and_writes_resume_when_space_is_back(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    tmp = tmp_path_factory.mktemp("tmpfs-full")
    acked: dict[str, int] = {}
    with small_tmpfs(tmp / "small", "96m") as data_dir:
        with run_service(tmp, "small", no_llm_env(NEWSDESK_RECOVER_INTERVAL_S="1")) as svc:
            for n in range(3):
                response = svc.http.post("/articles", json=big_article(n))
                assert response.status_code == 200, response.text
                acked[f"full-{n}"] = response.json()["articles"][0]["chunk_count"]
            filler = data_dir / "filler"
            fill(filler)
            assert os.statvfs(data_dir).f_bavail == 0
            write_until_full(svc, acked, range(3, 20))  # pages SQLite holds may take a write or two
            assert svc.http.get("/health").status_code == 200
            assert svc.http.get("/articles").json()["total"] == len(acked)
            filler.unlink()  # space is back: the same process cleans up and takes writes again
            assert pending_after_sweep(svc.data_dir) == 0
            assert f"newsdesk_chunks_stored {float(sum(acked.values()))}" in svc.http.get("/metrics").text
            again = svc.http.post("/articles", json=big_article(99))
            assert again.status_code == 200, again.text
            acked["full-99"] = again.json()["articles"][0]["chunk_count"]
            assert svc.process.poll() is None
        assert {a: len(v) for a, v in chroma_chunks(svc.data_dir).items()} == acked
