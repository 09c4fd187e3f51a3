"""What the HTTP routes and the lifespan need of batch jobs, whichever way they are kept: job
folders under one data dir (jobs.py, the embedded default) or a queue in the shared database that
any host's worker takes lines from (queue.py, queue_worker.py)."""

from __future__ import annotations

from collections.abc import Iterator
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
