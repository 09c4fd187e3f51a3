"""Batch jobs over HTTP: each job is a folder under <data_dir>/batches/<id>/ holding its input,
its results (the resumable JSONL of runner.py) and job.json (status and counts).

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
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from index.errors import storage_call
from service.articles import ArticleService
from service.batch.contract import WorkerSignals
from service.batch.progress import Progress
from service.batch.records import ResultLine, finished_lines, write_json_atomic
from service.batch.runner import BatchRunner
from service.errors import InvalidInput, NotFound
from service.summaries import SummaryService

log = logging.getLogger(__name__)
_DISK = (OSError,)  # a job folder that cannot be written or read is a storage fault


class JobStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def create(self, lines: list[str]) -> dict[str, Any]:
        if not any(line.strip() for line in lines):
            raise InvalidInput("the batch has no lines")
        job_id = uuid.uuid4().hex[:16]
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
        staging = self.root / f".new-{job_id}"
        with storage_call("batch job write", _DISK):
            staging.mkdir()
            (staging / "input.jsonl").write_text(
                "".join(line.rstrip("\n") + "\n" for line in lines), encoding="utf-8"
            )
            write_json_atomic(staging / "job.json", job)
            os.replace(staging, self.root / job_id)  # the job appears whole or not at all
        return job

    def folder(self, job_id: str) -> Path:
        folder = self.root / job_id
        if not job_id.isalnum() or not (folder / "job.json").exists():
            raise NotFound(f"no batch with id {job_id!r}")
        return folder

    def get(self, job_id: str) -> dict[str, Any]:
        path = self.folder(job_id) / "job.json"
        with storage_call("batch job read", _DISK):
            job: dict[str, Any] = json.loads(path.read_text())
        return job

    def results_path(self, job_id: str) -> Path:
        return self.folder(job_id) / "results.jsonl"

    def result_lines(self, job_id: str) -> Iterator[bytes]:
        """The JSONL written so far (NotFound at once for an unknown job, before any line)."""
        path = self.results_path(job_id)

        def lines() -> Iterator[bytes]:
            if path.exists():
                with path.open("rb") as handle:
                    yield from handle

        return lines()

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
        job = self.get(job_id)
        with storage_call("batch job write", _DISK):
            write_json_atomic(self.folder(job_id) / "job.json", {**job, **changes})


class Interrupted(Exception):
    """A line cut short by shutdown: it is not a result, so it is not written and is redone at start."""


class StoppableRunner(BatchRunner):
    """Once shutdown has begun, a line that fails (the model server is being stopped, the registry
    closed) failed because of the shutdown, not because of the article: recording it as an `error`
    line would make it final. It raises Interrupted instead, which ends the run unwritten."""

    def __init__(
        self,
        articles: ArticleService,
        summarizer: SummaryService,
        concurrency: int,
        stopping: Callable[[], bool],
    ) -> None:
        super().__init__(articles, summarizer, concurrency)
        self._stopping = stopping

    def one(self, number: int, line: str) -> ResultLine:
        try:
            result = super().one(number, line)
        except Exception:
            if self._stopping():
                raise Interrupted(f"line {number}") from None
            raise
        if not result.ok and self._stopping():
            raise Interrupted(f"line {number}")
        return result


class BatchWorker(WorkerSignals):
    """One background thread per service process; it runs unfinished jobs one after another."""

    def __init__(
        self, store: JobStore, articles: ArticleService, summarizer: SummaryService, concurrency: int = 1
    ) -> None:
        super().__init__()
        self.store = store
        self.runner = StoppableRunner(articles, summarizer, concurrency, self._stop.is_set)
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start (or, after a stop, restart) the worker thread."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="batch-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        """Results are fsynced line by line and a torn line is cut off: a job cut short resumes."""
        threads = [self._thread] if self._thread is not None else []
        self._join(threads, timeout_s, "its job resumes at the next start")

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
                self.store.update(job_id, **progress.counts())

            try:
                progress = self.runner.run(
                    folder / "input.jsonl", folder / "results.jsonl", report, should_stop=self._stop.is_set
                )
            except Exception as exc:  # a broken job must not kill the worker
                if self._stop.is_set():  # cut short by shutdown, not broken: stays "running"
                    log.info("batch %s interrupted by shutdown (%s); resumes at the next start", job_id, exc)
                    return
                log.exception("batch %s failed", job_id)
                self.store.update(job_id, status="failed", error=str(exc)[:500])
                return
            written = len(finished_lines(folder / "results.jsonl"))
            finished = written >= self.store.get(job_id)["total"]
            if not finished and self._stop.is_set():  # paused by shutdown: resumes at the next start
                log.info("batch %s paused by shutdown after %d line(s)", job_id, written)
                return
            status = "done" if finished else "running"
            self.store.update(
                job_id,
                status=status,
                finished_at=time.time(),
                **progress.counts(),
            )
