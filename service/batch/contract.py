"""What the HTTP routes and the lifespan need of batch jobs, whichever way they are kept: job
folders under one data dir (jobs.py, the embedded default) or a queue in the shared database that
any host's worker takes lines from (queue.py, queue_worker.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol


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
