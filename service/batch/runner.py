"""Batch summaries over a JSONL file, resumable: run again after Ctrl-C or kill -9 and it continues.

Each input line is an article object (ingested first, or found unchanged) or {"id": ...} of a stored
article. Its result line is written as soon as it finishes (records.py); on start, lines finished
by an earlier run are skipped. Each input line therefore ends up in the output exactly once. A bad
line (not JSON, empty text, a model that fails after retries) becomes an `error` line, never a dead
batch."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path

from pydantic import ValidationError

from service.articles import ArticleIn, ArticleService
from service.batch.progress import Progress, resume, write_result
from service.batch.records import ResultLine
from service.errors import LlmBadOutput, LlmError, NewsdeskError
from service.summaries import SummaryService

RETRIES = 2


class BatchRunner:
    def __init__(self, articles: ArticleService, summarizer: SummaryService, concurrency: int = 1) -> None:
        self.articles = articles
        self.summarizer = summarizer
        self.concurrency = max(1, concurrency)
        self._should_stop: Callable[[], bool] = lambda: False  # set by run()

    def one(self, number: int, line: str) -> ResultLine:
        """Ingest (if new) and summarise one input line; every failure becomes an `error` line."""
        ingested = self.ingest_line(number, line)
        return ingested if isinstance(ingested, ResultLine) else self.summarize(number, ingested)

    def ingest_line(self, number: int, line: str) -> str | ResultLine:
        """One input line -> its stored article's id, or the `error` line it becomes."""
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            return ResultLine.failed(number, f"not valid JSON: {exc.msg}")
        if not isinstance(record, dict):
            return ResultLine.failed(number, "not a JSON object")
        try:
            if set(record) == {"id"}:  # a stored article, by id
                return str(record["id"])
            return self.articles.ingest([ArticleIn.model_validate(record)])[0].id
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ()))
            return ResultLine.failed(number, f"{where}: {first.get('msg')}")
        except NewsdeskError as exc:
            return ResultLine.failed(number, exc.message)

    def summarize(self, number: int, article_id: str) -> ResultLine:
        """The stored or a new summary of one article, with retries; a failure is an `error` line."""
        for attempt in range(RETRIES + 1):
            try:
                summary = self.summarizer.get_or_create(article_id)
                return ResultLine(number, article_id, summary=summary)
            except LlmError as exc:
                # No retry once the run is stopping: the pause would only hold up the shutdown.
                last = attempt == RETRIES or (isinstance(exc, LlmBadOutput) and attempt >= 1)
                if last or self._should_stop():
                    return ResultLine.failed(number, exc.message, article_id)
                time.sleep(2**attempt)
            except NewsdeskError as exc:
                return ResultLine.failed(number, exc.message, article_id)
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
            pending: set[Future[ResultLine]] = set()
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
