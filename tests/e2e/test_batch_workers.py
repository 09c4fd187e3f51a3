"""Batch jobs with several uvicorn workers on one data dir and a Chroma server: every job runs to its
end, each input line is in its job's results exactly once, and no job runs in two workers at once,
while the worker running a job is killed with kill -9 (uvicorn replaces it) and then the whole
service is stopped with SIGTERM mid-job and started again.

(The restart is a stop and a new start, the harder case for jobs in flight, not uvicorn's SIGHUP
rolling restart. The stop comes seconds after the kill: a kill that lands while the supervisor
pings that worker once held the supervisor, and so the SIGTERM, for 300 s; see
service/cli/supervisor.py.)

The model is the scripted server (tests/fault_llm.py) in "answer" mode at 0.4 s a call: a summary is
a real function call whose draft the service verifies, fast enough for 60 lines and slow enough
that work is in flight when a worker goes. It also counts the summary calls per article: a job run
twice at once would summarise its articles twice."""

from __future__ import annotations

import json
import os
import re
import signal
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest

from tests.conftest import Service, free_port
from tests.e2e.test_chroma_server import serve_workers, server_env
from tests.e2e.test_storage_faults import start_chroma
from tests.fault_llm import FaultyLlm

JOBS, LINES = 6, 10


def job_upload(job: int) -> str:
    lines = [
        {
            "id": f"bj{job}-{n}",
            "title": f"Ferry {job}-{n}",
            "text": f"The Port Ellis harbour board ran {10 + n} ferries on Monday. "
            f"Captain Mara Lind said {200 + 10 * job + n} passengers crossed the bay.",
        }
        for n in range(1, LINES + 1)
    ]
    return "".join(json.dumps(line) + "\n" for line in lines)


def lock_holder(lock: Path) -> int | None:
    """The pid holding a flock on `lock`, from /proc/locks ("1: FLOCK ADVISORY WRITE pid maj:min:inode ...")."""
    stat = lock.stat()
    where = f"{os.major(stat.st_dev):02x}:{os.minor(stat.st_dev):02x}:{stat.st_ino}"
    for line in Path("/proc/locks").read_text().splitlines():
        parts = line.split()
        if len(parts) > 5 and parts[1] == "FLOCK" and parts[5] == where:
            return int(parts[4])
    return None


def results(svc: Service, job_id: str) -> list[dict]:
    path = svc.data_dir / "batches" / job_id / "results.jsonl"
    text = path.read_text() if path.exists() else ""
    return [json.loads(line) for line in text.splitlines() if line.endswith("}")]


def running_job(svc: Service, job_ids: list[str], timeout_s: float = 300) -> tuple[str, int]:
    """A job part-way through (some lines written, not all) and the worker holding its lock; a job
    that runs with nobody holding its lock fails here."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for job_id in job_ids:
            lock = svc.data_dir / "batches" / job_id / "lock"
            if 2 <= len(results(svc, job_id)) <= LINES - 3 and lock.exists():
                pid = lock_holder(lock)
                if pid is not None:
                    return job_id, pid
        time.sleep(0.1)
    raise AssertionError("no job seen part-way through with its lock held")


def wait_all_done(svc: Service, job_ids: list[str], timeout_s: float = 600) -> dict[str, dict]:
    deadline = time.monotonic() + timeout_s
    while True:
        jobs = {j: svc.http.get(f"/batches/{j}").json() for j in job_ids}
        if all(job["status"] in ("done", "failed") for job in jobs.values()):
            return jobs
        assert time.monotonic() < deadline, jobs
        time.sleep(1)


def test_jobs_survive_a_killed_worker_and_a_rolling_restart(tmp_path_factory: pytest.TempPathFactory) -> None:
    tmp = tmp_path_factory.mktemp("batch-workers")
    chroma_port = free_port()
    chroma = start_chroma(tmp / "chroma", chroma_port)
    try:
        with FaultyLlm(mode="answer", answer="Scripted.", delay_s=0.4) as llm:
            env = {
                **server_env(chroma_port, llm.base_url, "batch_workers"),
                "NEWSDESK_RECOVER_INTERVAL_S": "2",
            }
            with serve_workers(tmp, env, workers=3) as svc:
                job_ids = []
                for job in range(JOBS):
                    # A new connection per job: whichever worker accepts it creates the job.
                    with httpx.Client(base_url=svc.base_url, timeout=60) as http:
                        created = http.post(
                            "/batches",
                            content=job_upload(job),
                            headers={"content-type": "application/x-ndjson"},
                        )
                    assert created.status_code == 202, created.text
                    job_ids.append(created.json()["id"])

                killed_job, pid = running_job(svc, job_ids)
                os.kill(pid, signal.SIGKILL)
                written_at_kill = len(results(svc, killed_job))
                # Someone else picks the job up: its lock is free since the kill.
                deadline = time.monotonic() + 120
                while lock_holder(svc.data_dir / "batches" / killed_job / "lock") in (None, pid):
                    if len(results(svc, killed_job)) == LINES:
                        break
                    assert time.monotonic() < deadline, "the killed worker's job was not picked up"
                    time.sleep(0.1)

                running_job(svc, job_ids)  # a job is in flight again: now stop every worker
            first_log = svc.log.read_text(errors="replace")
            with serve_workers(tmp, env, workers=3) as svc:
                jobs = wait_all_done(svc, job_ids)
    finally:
        chroma.terminate()
        chroma.wait(timeout=30)

    assert f"Child process [{pid}] died" in first_log  # uvicorn saw the kill and replaced the worker
    assert "paused by shutdown" in first_log, first_log[-3000:]  # SIGTERM stopped a job mid-way
    assert 0 < written_at_kill < LINES
    for job_id, job in jobs.items():
        assert (job["status"], job["total"], job["done"], job["failed"]) == ("done", LINES, LINES, 0), job
        lines = results(svc, job_id)
        assert sorted(r["line"] for r in lines) == list(range(1, LINES + 1)), job_id  # each exactly once
        for r in lines:
            counts = [c["count"] for c in r["summary"]["how_many"]]
            assert counts and all(re.fullmatch(r"\d+", c) for c in counts), r  # verified scripted counts

    # The model summarised each article once; twice only for the line in flight at the kill.
    calls = Counter(m.group(1) for m in (re.search(r"Title: (Ferry \d+-\d+)", p) for p in llm.prompts) if m)
    assert set(calls) == {f"Ferry {j}-{n}" for j in range(JOBS) for n in range(1, LINES + 1)}
    twice = {title: n for title, n in calls.items() if n > 1}
    assert len(twice) <= 1 and set(twice.values()) <= {2}, twice
    print(
        f"kill -9 of {pid} at line {written_at_kill} of {killed_job}; redone: {twice}; {len(calls)} articles"
    )
