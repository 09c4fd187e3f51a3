"""Batch summaries through OpenAI's Batch API (half the price of direct calls, results within 24 h).

Same input, output and resume rules as runner.py: each input line ends up in --out exactly once,
in the same line format. Each new article becomes one /v1/chat/completions line of a Batch input
file, built by the brief chain itself (same prompt, tool schema, model), and its answer is read and
verified by the same code as a direct summary (SummaryService.finish). Lines that fail in the batch
take the direct path; a batch that fails or is cancelled as a whole leaves `error` lines instead, so
a broken batch never turns silently into a full-price run.

The batch id is written to a state file beside --out the moment the batch exists, so a run that is
interrupted (Ctrl-C, kill -9) re-attaches to the same batch when run again instead of paying twice.
The state file is removed once every line of that batch is in --out."""

from __future__ import annotations

import contextlib
import json
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import openai

from index.registry import ArticleRecord, Registry
from service.batch.progress import Progress, resume, write_result
from service.batch.records import ResultLine, write_json_atomic
from service.batch.runner import BatchRunner
from service.errors import InvalidInput, LlmError, NotFound
from service.llm.provider import LlmProvider
from service.summaries import Brief, SummaryService

ENDPOINT: Final = "/v1/chat/completions"
MAX_REQUESTS = 50_000  # the Batch API's limits per input file; lines beyond them take the direct path
MAX_FILE_BYTES = 190_000_000  # under its 200 MB
TERMINAL = {"completed", "failed", "expired", "cancelled"}
GIVE_UP = {"failed", "cancelled"}  # whole-batch outcomes: unanswered lines become `error` lines
TRANSIENT = (openai.APIConnectionError, openai.RateLimitError, openai.InternalServerError)


def state_path(out_path: Path) -> Path:
    return out_path.with_name(out_path.name + ".openai-batch.json")


@dataclass
class Pending:
    """A line whose summary comes from the batch."""

    number: int
    brief: Brief

    @property
    def article(self) -> ArticleRecord:
        return self.brief.article


class OpenAIBatchRunner:
    def __init__(
        self,
        provider: LlmProvider,
        registry: Registry,
        direct: BatchRunner,
        poll_interval_s: float = 30.0,
        on_status: Callable[[str], None] = lambda message: None,
    ) -> None:
        if provider.name != "openai":
            raise InvalidInput("--openai-batch needs the OpenAI provider: set OPENAI_API_KEY")
        self.summarizer: SummaryService = direct.summarizer
        self.registry = registry
        self.direct = direct  # ingest, and the direct path with retries
        self.poll_interval_s = poll_interval_s
        self.on_status = on_status
        # The same settings the chains' ChatOpenAI gets (service/llm/provider.py), for the same account.
        self.client = openai.OpenAI(
            api_key=provider.api_key,
            base_url=provider.base_url,
            timeout=provider.timeout_s,
            max_retries=provider.max_retries,
        )

    def run(
        self, in_path: Path, out_path: Path, on_progress: Callable[[Progress], None] | None = None
    ) -> Progress:
        todo, progress = resume(in_path, out_path)
        state_file = state_path(out_path)
        state = json.loads(state_file.read_text()) if state_file.exists() else None
        if state is not None:
            self.on_status(f"re-attaching to OpenAI batch {state['batch_id']} (saved in {state_file})")
        out_path.parent.mkdir(parents=True, exist_ok=True)
        with out_path.open("a", encoding="utf-8") as out:

            def emit(record: ResultLine) -> None:
                write_result(out, record, progress, on_progress)

            pending, direct = self._plan(todo, state, emit)
            if pending and state is None:
                state, overflow = self._submit(pending, state_file)
                pending = pending[: len(pending) - len(overflow)]
                direct += [(p.number, p.article.id) for p in overflow]
            self._run_direct(direct, emit)  # the batch works meanwhile
            if pending and state is not None:
                batch = self._wait(state["batch_id"])
                self._run_direct(self._collect(batch, pending, emit), emit)
        with contextlib.suppress(FileNotFoundError):
            state_file.unlink()  # every line of the batch is in --out now
        return progress

    def _plan(
        self,
        todo: list[tuple[int, str]],
        state: dict[str, Any] | None,
        emit: Callable[[ResultLine], None],
    ) -> tuple[list[Pending], list[tuple[int, str]]]:
        """Ingest each line; sort it into: done now (error, cached), batch, or direct path."""
        in_batch = state["requests"] if state else {}
        pending: list[Pending] = []
        direct: list[tuple[int, str]] = []
        for number, line in todo:
            ingested = self.direct.ingest_line(number, line)
            if isinstance(ingested, ResultLine):
                emit(ingested)
                continue
            article = self.registry.get(ingested)
            if article is None:  # an {"id"} line of an unknown article: the direct path says so
                direct.append((number, ingested))
                continue
            try:  # summarised before (e.g. collected just before a kill): as the direct runner does
                cached = self.summarizer.stored(article.id)
                emit(ResultLine(number, article.id, summary=cached))
                continue
            except NotFound:
                pass
            # Re-attached: only lines of the saved batch, for the same text, wait for it.
            if state is None or in_batch.get(str(number), {}).get("content_hash") == article.content_hash:
                pending.append(Pending(number, self.summarizer.prepare(article)))
            else:
                direct.append((number, article.id))
        return pending, direct

    def _submit(self, pending: list[Pending], state_file: Path) -> tuple[dict[str, Any], list[Pending]]:
        """Upload the requests and create the batch. Lines beyond the Batch API's per-file limits come
        back as overflow, for the direct path. The file is built on disk: a large run's bodies (prompt,
        schema, article each) do not fit comfortably in memory."""
        batched: list[Pending] = []
        size = 0
        with tempfile.TemporaryFile() as requests_file:
            for p in pending:
                line = {
                    "custom_id": str(p.number),  # the input line number
                    "method": "POST",
                    "url": ENDPOINT,
                    "body": self.summarizer.batch_request(p.brief),
                }
                raw = (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8")
                if len(batched) == MAX_REQUESTS or size + len(raw) > MAX_FILE_BYTES:
                    break
                requests_file.write(raw)
                batched.append(p)
                size += len(raw)
            requests_file.seek(0)
            upload = self.client.files.create(
                file=("newsdesk-summaries.jsonl", requests_file), purpose="batch"
            )
        batch = self.client.batches.create(
            input_file_id=upload.id, endpoint=ENDPOINT, completion_window="24h"
        )
        requests = {
            str(p.number): {"article_id": p.article.id, "content_hash": p.article.content_hash}
            for p in batched
        }
        state = {"batch_id": batch.id, "input_file_id": upload.id, "requests": requests}
        write_json_atomic(state_file, state)  # before anything else can fail: a rerun re-attaches
        self.on_status(f"OpenAI batch {batch.id} created with {len(batched)} requests; state in {state_file}")
        overflow = pending[len(batched) :]
        if overflow:
            self.on_status(f"{len(overflow)} line(s) over the Batch API's per-file limits: direct calls")
        return state, overflow

    def _wait(self, batch_id: str) -> Any:
        last = ""
        while True:
            try:
                batch = self.client.batches.retrieve(batch_id)
            except TRANSIENT as exc:  # the batch runs on at OpenAI; a blip here is no reason to stop
                self.on_status(f"OpenAI batch {batch_id}: polling failed ({type(exc).__name__}), retrying")
                time.sleep(self.poll_interval_s)
                continue
            counts = batch.request_counts
            seen = (
                f"{batch.status} {counts.completed}+{counts.failed}/{counts.total}"
                if counts
                else batch.status
            )
            if seen != last:
                self.on_status(f"OpenAI batch {batch_id}: {seen}")
                last = seen
            if batch.status in TERMINAL:
                return batch
            time.sleep(self.poll_interval_s)

    def _collect(
        self, batch: Any, pending: list[Pending], emit: Callable[[ResultLine], None]
    ) -> list[tuple[int, str]]:
        """Write the batch's verified summaries; return the lines that must take the direct path."""
        results: dict[str, dict[str, Any]] = {}
        for file_id in (batch.output_file_id, batch.error_file_id):
            if file_id:
                for raw in self.client.files.content(file_id).text.splitlines():
                    if raw.strip():
                        record = json.loads(raw)
                        results[str(record.get("custom_id"))] = record
        retry: list[tuple[int, str]] = []
        for p in pending:
            result = self._verified(p, results.get(str(p.number)))
            if result is not None:
                emit(result)
            elif batch.status in GIVE_UP:
                reason = "; ".join(e.message or "" for e in (batch.errors.data or [])) if batch.errors else ""
                message = f"OpenAI batch {batch.id} {batch.status}" + (f": {reason}" if reason else "")
                emit(ResultLine.failed(p.number, message[:500], p.article.id))
            else:
                retry.append((p.number, p.article.id))
        return retry

    def _verified(self, p: Pending, result: dict[str, Any] | None) -> ResultLine | None:
        """One batch answer -> the output line, through the direct path's parser and verification."""
        response = (result or {}).get("response") or {}
        if result is None or result.get("error") or response.get("status_code") != 200:
            return None
        try:
            draft = self.summarizer.batch_draft(p.brief, response.get("body") or {})
            summary = self.summarizer.finish(p.brief, draft)
        except LlmError:
            return None  # unreadable answer: the direct path tries again, with its retries
        return ResultLine(p.number, p.article.id, summary=summary)

    def _run_direct(self, items: list[tuple[int, str]], emit: Callable[[ResultLine], None]) -> None:
        if not items:
            return
        self.on_status(f"{len(items)} article(s) through direct calls")
        with ThreadPoolExecutor(self.direct.concurrency) as pool:
            futures = [pool.submit(self.direct.summarize, number, article_id) for number, article_id in items]
            for future in as_completed(futures):
                emit(future.result())  # written from this thread only
