"""Batch summaries: the CLI over a JSONL file (resumable after kill -9, bad lines become `error`
lines) and the same over HTTP (jobs that survive a restart). The short articles are the project's own."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, Service, isolated_env, run_service

SHORT = ROOT / "tests" / "data" / "short_articles.jsonl"


def _cli_env(data_dir: Path) -> dict[str, str]:
    return isolated_env(
        data_dir,
        {
            "NEWSDESK_LLM_THREADS": os.environ.get("NEWSDESK_TEST_LLM_THREADS", "1"),
            "NEWSDESK_LLM_TIMEOUT_S": "900",
        },
    )


def _summarize(in_path: Path, out_path: Path, data_dir: Path) -> subprocess.Popen[bytes]:
    cli = str(Path(sys.executable).parent / "newsdesk")
    return subprocess.Popen(
        [cli, "summarize", "--in", str(in_path), "--out", str(out_path)],
        env=_cli_env(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_corrupt_lines_become_errors_and_the_rest_succeed(tmp_path: Path) -> None:
    good = SHORT.read_text().splitlines()[0]
    in_path = tmp_path / "in.jsonl"
    in_path.write_text(
        "\n".join([good, "{this is not json", json.dumps({"title": "Empty", "text": "  "}), "[1, 2]"]) + "\n"
    )
    out_path = tmp_path / "out.jsonl"
    process = _summarize(in_path, out_path, tmp_path / "data")
    _, err = process.communicate(timeout=900)
    assert process.returncode == 0, err.decode()[-2000:]
    results = {r["line"]: r for r in _lines(out_path)}
    assert sorted(results) == [1, 2, 3, 4]
    assert "summary" in results[1] and results[1]["article_id"] == "short-bridge"
    counts = [c["count"] for c in results[1]["summary"]["how_many"]]
    assert any("14" in c or "12 million" in c or "30,000" in c for c in counts), counts
    assert "not valid JSON" in results[2]["error"]
    assert "empty" in results[3]["error"]
    assert "not a JSON object" in results[4]["error"]


def test_a_killed_batch_resumes_and_writes_each_article_exactly_once(tmp_path: Path) -> None:
    out_path = tmp_path / "out.jsonl"
    data_dir = tmp_path / "data"
    process = _summarize(SHORT, out_path, data_dir)
    deadline = time.monotonic() + 900
    while not (out_path.exists() and out_path.read_text().count("\n") >= 1):
        assert process.poll() is None, process.communicate()[1].decode()[-2000:]
        assert time.monotonic() < deadline, "no line written in time"
        time.sleep(0.5)
    process.send_signal(signal.SIGKILL)
    process.wait()
    written_before = len(_lines(out_path))
    assert 1 <= written_before < 3
    with out_path.open("a") as handle:
        handle.write('{"line": 3, "article_id": "short-lib')  # a torn line, as a kill mid-write leaves
    process = _summarize(SHORT, out_path, data_dir)
    _, err = process.communicate(timeout=900)
    assert process.returncode == 0, err.decode()[-2000:]
    results = _lines(out_path)
    assert sorted(r["line"] for r in results) == [1, 2, 3]
    assert all("summary" in r for r in results), results


def _wait_done(svc: Service, job_id: str, timeout_s: float = 900) -> dict:
    deadline = time.monotonic() + timeout_s
    while True:
        job = svc.http.get(f"/batches/{job_id}").json()
        if job["status"] in ("done", "failed"):
            return job
        assert time.monotonic() < deadline, job
        time.sleep(1)


def test_http_batch_survives_a_restart(tmp_path_factory: pytest.TempPathFactory) -> None:
    tmp = tmp_path_factory.mktemp("batches")
    upload = SHORT.read_text() + "not json\n"
    with run_service(tmp, "batches") as svc:
        assert svc.http.post("/batches", json={"article_ids": ["nope"]}).status_code == 404
        assert svc.http.get("/batches/unknown123").status_code == 404
        created = svc.http.post("/batches", content=upload, headers={"content-type": "application/x-ndjson"})
        assert created.status_code == 202, created.text
        job_id = created.json()["id"]
        results = svc.data_dir / "batches" / job_id / "results.jsonl"
        deadline = time.monotonic() + 900
        while not (results.exists() and results.read_text().count("\n") >= 1):
            assert time.monotonic() < deadline
            time.sleep(0.5)
    # The service is stopped mid-job; a new one on the same data dir finishes it.
    with run_service(tmp, "batches") as svc:
        job = _wait_done(svc, job_id)
        assert job["status"] == "done" and job["total"] == 4
        assert job["done"] == 3 and job["failed"] == 1
        lines = [json.loads(line) for line in svc.http.get(f"/batches/{job_id}/results").text.splitlines()]
        assert sorted(r["line"] for r in lines) == [1, 2, 3, 4]
        assert sum("summary" in r for r in lines) == 3
