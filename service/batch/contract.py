"""What the HTTP routes and the lifespan need of batch jobs, whichever way they are kept: job
folders under one data dir (jobs.py, the embedded default) or a queue in the shared database that
any host's worker takes lines from (queue.py, queue_worker.py)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

log = logging.getLogger(__name__)


class Jobs(Protocol):
    def create(self, lines: list[str]) -> dict[str, Any]:
        """A new job over these input lines, returned at once (status `queued`)."""
        ...

    def get(self, job_id: str) -> dict[str, Any]:
        """Status and counts; NotFound for an unknown id."""
        ...

    def result_lines(self, job_id: str) -> Iterator[bytes]:
        """The result JSONL so far; NotFound at once for an unknown id."""
        ...


class JobWorker(Protocol):
    def start(self) -> None: ...

    def notify(self) -> None:
        """A job was just created: look for work now rather than at the next poll."""
        ...

    def request_stop(self) -> None: ...

    def stop(self, timeout_s: float = 10.0) -> None: ...


@dataclass
class BatchJobs:
    """Batch jobs as the HTTP routes use them, whichever store keeps them: a new job wakes the
    worker at once instead of at its next poll."""

    store: Jobs
    worker: JobWorker

    def create(self, lines: list[str]) -> dict[str, Any]:
        job = self.store.create(lines)
        self.worker.notify()
        return job

    def get(self, job_id: str) -> dict[str, Any]:
        return self.store.get(job_id)

    def result_lines(self, job_id: str) -> Iterator[bytes]:
        return self.store.result_lines(job_id)


class WorkerSignals:
    """The two events every batch worker keeps: a new job wakes it, a stop request ends it."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._wake = threading.Event()

    def notify(self) -> None:
        self._wake.set()

    def request_stop(self) -> None:
        """No new line starts after this; the lines in flight end or are interrupted."""
        self._stop.set()
        self._wake.set()

    def _join(self, threads: Sequence[threading.Thread], timeout_s: float, then: str) -> None:
        """Waits at most `timeout_s` a thread: they are daemons, and what they have not written is
        redone (`then` says how)."""
        self.request_stop()
        for thread in threads:
            thread.join(timeout=timeout_s)
            if thread.is_alive():
                log.warning("batch worker still busy after %.0fs; %s", timeout_s, then)
