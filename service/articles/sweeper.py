"""Finishes or undoes interrupted index writes while the service runs, not only at start-up.

An ingest that fails half-way (disk full, Chroma down) tries to undo itself at once; when the store
is still failing, that undo fails too and the pending marker stays, with chunks that retrieval can
see. `Indexer.recover` is safe to run at any time (it takes the index write lock, which every live
writer holds while its marker exists, so it only ever sees markers of failed or dead writers), so
this task runs it every `interval_s`: once the store works again, the leftovers go."""

from __future__ import annotations

import asyncio
import logging

from index.pipeline import Indexer

log = logging.getLogger(__name__)


async def sweep(indexer: Indexer, interval_s: float) -> None:
    while True:
        await asyncio.sleep(interval_s)
        try:
            found = await asyncio.to_thread(indexer.recover)
        except Exception as exc:  # the store is still failing: try again next round
            log.warning("sweep of interrupted writes failed: %s", type(exc).__name__)
            continue
        if found:
            log.warning("finished or rolled back %d interrupted write(s)", found)
