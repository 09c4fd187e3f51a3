"""Batch jobs over HTTP: each job is a folder under <data_dir>/batches/<id>/ holding its input,
its results (the resumable JSONL of service.batch) and job.json (status and counts).

Because the folder is the whole state, a job survives a restart of the service: the worker picks
up every job not marked done and `BatchRunner` skips the lines already in its results. A job is
claimed with an exclusive flock on its folder, so with several service workers no job runs twice."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from service.batch import BatchRunner, Progress, finished_lines
from service.container import Container
from service.errors import InvalidInput, NotFound

log = logging.getLogger(__name__)


def _write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_suffix(f".tmp{os.getpid()}.{threading.get_ident()}")
    tmp.write_text(json.dumps(data))
    os.replace(tmp, path)  # readers never see a half-written job.json


class JobStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def create(self, lines: list[str]) -> dict[str, Any]:
        if not any(line.strip() for line in lines):
            raise InvalidInput("the batch has no lines")
        job_id = uuid.uuid4().hex[:16]
        staging = self.root / f".new-{job_id}"
        staging.mkdir()
        (staging / "input.jsonl").write_text(
            "".join(line.rstrip("\n") + "\n" for line in lines), encoding="utf-8"
        )
        total = sum(1 for line in lines if line.strip())
        job = {
            "id": job_id,
            "status": "queued",
            "created_at": time.time(),
            "total": total,
            "done": 0,
            "failed": 0,
            "rate_per_min": 0.0,
        }
        _write_json(staging / "job.json", job)
        os.replace(staging, self.root / job_id)  # the job appears whole or not at all
        return job

    def folder(self, job_id: str) -> Path:
        folder = self.root / job_id
        if not job_id.isalnum() or not (folder / "job.json").exists():
            raise NotFound(f"no batch with id {job_id!r}")
        return folder

    def get(self, job_id: str) -> dict[str, Any]:
        job: dict[str, Any] = json.loads((self.folder(job_id) / "job.json").read_text())
        return job

    def results_path(self, job_id: str) -> Path:
        return self.folder(job_id) / "results.jsonl"

    def unfinished(self) -> list[str]:
        jobs = []
        for folder in self.root.iterdir():
            if folder.name.startswith(".") or not (folder / "job.json").exists():
                continue
            job = json.loads((folder / "job.json").read_text())
            if job["status"] in ("queued", "running"):
                jobs.append((job["created_at"], job["id"]))
        return [job_id for _, job_id in sorted(jobs)]

    def update(self, job_id: str, **changes: Any) -> None:
        folder = self.folder(job_id)
        _write_json(folder / "job.json", {**json.loads((folder / "job.json").read_text()), **changes})


class BatchWorker:
    """One background thread per service process; it runs unfinished jobs one after another."""

    def __init__(self, store: JobStore, container: Container, concurrency: int = 1) -> None:
        self.store = store
        self.runner = BatchRunner(container, concurrency)
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="batch-worker", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def notify(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=30)

    def _loop(self) -> None:
        while not self._stop.is_set():
            for job_id in self.store.unfinished():
                if self._stop.is_set():
                    break
                self._run_claimed(job_id)
            self._wake.wait(timeout=2.0)
            self._wake.clear()

    def _run_claimed(self, job_id: str) -> None:
        folder = self.store.folder(job_id)
        with (folder / "lock").open("w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return  # another worker process has it
            if self.store.get(job_id)["status"] not in ("queued", "running"):
                return
            self.store.update(job_id, status="running", started_at=time.time())

            def report(progress: Progress) -> None:
                self.store.update(job_id, **{k: v for k, v in progress.as_dict().items() if k != "total"})

            try:
                progress = self.runner.run(
                    folder / "input.jsonl", folder / "results.jsonl", report, should_stop=self._stop.is_set
                )
            except Exception as exc:  # a broken job must not kill the worker
                log.exception("batch %s failed", job_id)
                self.store.update(job_id, status="failed", error=str(exc)[:500])
                return
            if self._stop.is_set():
                return  # interrupted by shutdown: stays "running" and resumes at the next start
            written = len(finished_lines(folder / "results.jsonl"))
            status = "done" if written >= self.store.get(job_id)["total"] else "running"
            self.store.update(
                job_id,
                status=status,
                finished_at=time.time(),
                **{k: v for k, v in progress.as_dict().items() if k != "total"},
            )
