"""A batch run's counts, and resuming one: which input lines earlier runs already finished."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from service.batch.records import ResultLine, append_line, finished_lines, read_input


@dataclass
class Progress:
    total: int
    done: int = 0
    failed: int = 0
    skipped: int = 0  # finished by an earlier run (already counted in done/failed)
    started: float = field(default_factory=time.monotonic)

    @property
    def rate_per_min(self) -> float:
        """Articles per minute in this run (earlier runs' lines are not counted)."""
        elapsed = time.monotonic() - self.started
        fresh = self.done + self.failed - self.skipped
        return round(fresh / elapsed * 60, 2) if elapsed > 0 else 0.0

    @property
    def eta_s(self) -> float | None:
        rate = self.rate_per_min
        left = self.total - self.done - self.failed
        return round(left / rate * 60, 1) if rate > 0 else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "done": self.done,
            "failed": self.failed,
            "skipped": self.skipped,
            "rate_per_min": self.rate_per_min,
            "eta_s": self.eta_s,
        }

    def counts(self) -> dict[str, Any]:
        """What a job's status records as it goes (the total is fixed when the job is made)."""
        return {k: v for k, v in self.as_dict().items() if k != "total"}


def resume(in_path: Path, out_path: Path) -> tuple[list[tuple[int, str]], Progress]:
    """The input lines still to do, and the progress that counts what earlier runs finished."""
    done_before = finished_lines(out_path)
    todo = [(n, line) for n, line in read_input(in_path) if n not in done_before]
    errors_before = sum(done_before.values())
    progress = Progress(
        total=len(todo) + len(done_before),
        done=len(done_before) - errors_before,
        failed=errors_before,
        skipped=len(done_before),
    )
    return todo, progress


def write_result(
    out: IO[str],
    result: ResultLine,
    progress: Progress,
    on_progress: Callable[[Progress], None] | None = None,
) -> None:
    """Append one output line durably (once written, never redone) and count it."""
    append_line(out, result)
    if result.ok:
        progress.done += 1
    else:
        progress.failed += 1
    if on_progress:
        on_progress(progress)
