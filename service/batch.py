"""Batch summaries over a JSONL file, resumable: run again after Ctrl-C or kill -9 and it continues.

The output file is the record of what is done: one JSON line per input line, each carrying its
input `line` number, written and fsynced as soon as that article finishes. On start the output is
read back (a torn last line from a kill is cut off), finished lines are skipped, and the rest are
done. Each input line therefore ends up in the output exactly once. A bad line (not JSON, empty text,
a model that fails after retries) becomes a line with an `error`, never a dead batch."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from service.articles import ArticleService
from service.container import Container
from service.errors import LlmBadOutput, LlmError, NewsdeskError
from service.schemas import ArticleIn

RETRIES = 2


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


def finished_lines(out_path: Path) -> dict[int, bool]:
    """Line numbers already in the output -> whether that line is an error. A torn trailing line
    (the process was killed mid-write) is cut off, so it is redone rather than left corrupt."""
    if not out_path.exists():
        return {}
    raw = out_path.read_bytes()
    keep = raw if raw.endswith(b"\n") or not raw else raw[: raw.rfind(b"\n") + 1]
    if len(keep) != len(raw):
        with out_path.open("r+b") as handle:
            handle.truncate(len(keep))
    done: dict[int, bool] = {}
    for line in keep.decode("utf-8").splitlines():
        try:
            record = json.loads(line)
            done[int(record["line"])] = "error" in record
        except (ValueError, KeyError, TypeError):
            continue
    return done


def read_input(in_path: Path) -> Iterator[tuple[int, str]]:
    with in_path.open("r", encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                yield number, line


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
    result: dict[str, Any],
    progress: Progress,
    on_progress: Callable[[Progress], None] | None = None,
) -> None:
    """Append one output line durably (once written, never redone) and count it."""
    out.write(json.dumps(result, ensure_ascii=False) + "\n")
    out.flush()
    os.fsync(out.fileno())
    if "error" in result:
        progress.failed += 1
    else:
        progress.done += 1
    if on_progress:
        on_progress(progress)


class BatchRunner:
    def __init__(self, container: Container, concurrency: int = 1) -> None:
        self.container = container
        self.articles = ArticleService(container.indexer, container.registry, container.settings)
        self.concurrency = max(1, concurrency)
        self._should_stop: Callable[[], bool] = lambda: False  # set by run()

    def one(self, number: int, line: str) -> dict[str, Any]:
        """Ingest (if new) and summarise one input line; every failure becomes an `error` line."""
        ingested = self.ingest_line(number, line)
        return ingested if isinstance(ingested, dict) else self.summarize(number, ingested)

    def ingest_line(self, number: int, line: str) -> str | dict[str, Any]:
        """One input line -> its stored article's id, or the `error` line it becomes."""
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            return {"line": number, "error": f"not valid JSON: {exc.msg}"}
        if not isinstance(record, dict):
            return {"line": number, "error": "not a JSON object"}
        try:
            if set(record) == {"id"}:  # a stored article, by id
                return str(record["id"])
            return self.articles.ingest([ArticleIn.model_validate(record)])[0].id
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ()))
            return {"line": number, "error": f"{where}: {first.get('msg')}"}
        except NewsdeskError as exc:
            return {"line": number, "error": exc.message}

    def summarize(self, number: int, article_id: str) -> dict[str, Any]:
        """The stored or a new summary of one article, with retries; a failure is an `error` line."""
        for attempt in range(RETRIES + 1):
            try:
                summary = self.container.summarizer.get_or_create(article_id)
                return {"line": number, "article_id": article_id, "summary": summary.model_dump(mode="json")}
            except LlmError as exc:
                # No retry once the run is stopping: the pause would only hold up the shutdown.
                last = attempt == RETRIES or (isinstance(exc, LlmBadOutput) and attempt >= 1)
                if last or self._should_stop():
                    return {"line": number, "article_id": article_id, "error": exc.message}
                time.sleep(2**attempt)
            except NewsdeskError as exc:
                return {"line": number, "article_id": article_id, "error": exc.message}
        raise AssertionError("unreachable")

    def run(
        self,
        in_path: Path,
        out_path: Path,
        on_progress: Callable[[Progress], None] | None = None,
        should_stop: Callable[[], bool] = lambda: False,
    ) -> Progress:
        self._should_stop = should_stop
        todo, progress = resume(in_path, out_path)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        with out_path.open("a", encoding="utf-8") as out, ThreadPoolExecutor(self.concurrency) as pool:
            pending: set[Future[dict[str, Any]]] = set()
            queue = iter(todo)
            while True:
                while len(pending) < self.concurrency and not should_stop():
                    item = next(queue, None)
                    if item is None:
                        break
                    pending.add(pool.submit(self.one, *item))
                if not pending:
                    break
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    write_result(out, future.result(), progress, on_progress)
        return progress
