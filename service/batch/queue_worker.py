"""The batch worker of a host on the shared queue (queue.py): it claims one line at a time, runs it
(ingest if new, then summarise, as every batch runner does) and writes its result once.

Besides its `concurrency` line threads it runs a heartbeat that renews the leases of the lines it
holds, every third of a lease: a line that takes longer than a lease (a long summary on a loaded
host) is not taken away from a host that is alive. On shutdown a line cut short is given back at
once (not written: it is redone by whichever host claims it next); a host killed with -9 gives
nothing back, and its lines open again when their leases run out. When the database is down the
worker keeps trying, a poll interval apart, and never dies of it.

A line that keeps failing for reasons of its own (a host that crashes on it, again and again) is
not claimed forever: past MAX_ATTEMPTS claims it is written as an `error` line."""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import uuid

from index.errors import StoreFailure
from service.articles import ArticleService
from service.batch.contract import WorkerSignals
from service.batch.jobs import Interrupted, StoppableRunner
from service.batch.queue import Claim, SharedJobStore
from service.batch.records import ResultLine
from service.summaries import SummaryService

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
POLL_S = 2.0


class SharedBatchWorker(WorkerSignals):
    def __init__(
        self,
        store: SharedJobStore,
        articles: ArticleService,
        summarizer: SummaryService,
        concurrency: int = 1,
    ) -> None:
        super().__init__()
        self.store = store
        self.concurrency = max(1, concurrency)
        # Unique per process and per start: a restarted host must not renew its dead self's leases.
        self.id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.runner = StoppableRunner(articles, summarizer, 1, self._stop.is_set)
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        if any(t.is_alive() for t in self._threads):
            return
        self._stop.clear()
        self._threads = [
            threading.Thread(target=self._loop, name=f"batch-line-{n}", daemon=True)
            for n in range(self.concurrency)
        ]
        self._threads.append(threading.Thread(target=self._heartbeat, name="batch-lease", daemon=True))
        for thread in self._threads:
            thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        self._join(self._threads, timeout_s, "its line's lease will run out")

    def _heartbeat(self) -> None:
        while not self._stop.wait(self.store.lease_s / 3):
            try:
                self.store.renew(self.id)
            except StoreFailure as exc:
                log.warning("batch lease renewal failed: %s", exc)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                claim = self.store.claim(self.id)
            except StoreFailure as exc:
                log.warning("batch claim failed: %s", exc)
                self._stop.wait(POLL_S)
                continue
            if claim is None:
                self._wake.wait(timeout=POLL_S)
                self._wake.clear()
                continue
            self._work(claim)

    def _work(self, claim: Claim) -> None:
        if claim.attempts > MAX_ATTEMPTS:
            result = ResultLine.failed(claim.line, f"gave up after {MAX_ATTEMPTS} attempts")
        else:
            try:
                result = self.runner.one(claim.line, claim.body)
            except Interrupted:
                self._give_back(claim)
                return
            except Exception as exc:  # the store failed under the line: not the line's fault
                log.warning(
                    "batch %s line %d not done (%s); it will be redone", claim.job_id, claim.line, exc
                )
                self._give_back(claim)
                self._stop.wait(POLL_S)
                return
        try:
            if not self.store.finish(claim, result, self.id):
                log.info("batch %s line %d was already written by another worker", claim.job_id, claim.line)
        except StoreFailure as exc:  # unwritten: the lease runs out and the line is redone
            log.warning("batch %s line %d result not written: %s", claim.job_id, claim.line, exc)

    def _give_back(self, claim: Claim) -> None:
        with contextlib.suppress(StoreFailure):  # the database is down: the lease runs out instead
            self.store.release(claim, self.id)
