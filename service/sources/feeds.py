"""Following feeds: add (checked and fetched once, so a bad URL is refused at once), list, remove,
poll one now, and the background loop that polls due feeds while the service runs.

Each poll runs under a lease on the feed's row (feed_store.py), so with several worker processes,
or the CLI beside the server, one poller works on a feed at a time; a poll asked for while another
holds the feed is a 409 `busy`."""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
import threading
import time

from service.errors import Busy, NotFound
from service.sources.body import FEED_TYPES
from service.sources.client import GuardedClient
from service.sources.feed_document import parse_feed
from service.sources.feed_store import FeedRecord, FeedStore
from service.sources.poller import FeedPoller, PollReport
from service.sources.urls import canonical_url

log = logging.getLogger(__name__)


class FeedService:
    def __init__(
        self,
        store: FeedStore,
        client: GuardedClient,
        poller: FeedPoller,
        poll_minutes: int,
        max_items: int,
        lease_s: float,
    ) -> None:
        self.store = store
        self.client = client
        self.poller = poller
        self.poll_minutes = poll_minutes
        self.max_items = max_items
        self.lease_s = lease_s
        self._stop = threading.Event()
        self._task: asyncio.Task[None] | None = None
        self._owner = f"{socket.gethostname()}:{os.getpid()}"

    def add(self, url: str, poll_minutes: int | None = None) -> tuple[FeedRecord, bool]:
        """The feed for `url` and whether it is new. The URL is checked and the feed fetched and
        parsed once (refusals and non-feeds are errors here, not later); its items are read by the
        first poll, due at once."""
        wanted = canonical_url(url)
        existing = self.store.by_url(wanted)
        if existing is not None:
            return existing, False
        fetched = self.client.fetch(wanted, FEED_TYPES).require_ok()
        document = parse_feed(fetched.body, fetched.url, fetched.header("content-type"), self.max_items)
        final = canonical_url(fetched.moved_to) if fetched.moved_to else wanted
        return self.store.add(final, poll_minutes or self.poll_minutes, document.title)

    def all(self) -> list[FeedRecord]:
        return self.store.all()

    def get(self, feed_id: str) -> FeedRecord:
        feed = self.store.get(feed_id)
        if feed is None:
            raise NotFound(f"no feed with id {feed_id!r}")
        return feed

    def remove(self, feed_id: str) -> None:
        if not self.store.remove(feed_id):
            raise NotFound(f"no feed with id {feed_id!r}")

    def _claim(self, feed_id: str, due_only: bool = False) -> str | None:
        owner = f"{self._owner}:{secrets.token_hex(4)}"  # one per poll: two polls in one process differ too
        return owner if self.store.claim(feed_id, owner, self.lease_s, due_only) else None

    def poll_now(self, feed_id: str) -> PollReport:
        """Poll a feed now, whatever its schedule (a gone feed too: it may be back)."""
        self.get(feed_id)
        owner = self._claim(feed_id)
        if owner is None:
            raise Busy(f"feed {feed_id} is being polled right now; try again in a moment")
        return self.poller.poll(self.get(feed_id), owner, self._stop)

    def poll_due(self) -> list[PollReport]:
        """Poll every active feed whose time has come and that no other poller holds."""
        reports = []
        for feed_id in self.store.due(time.time()):
            if self._stop.is_set():
                break
            owner = self._claim(feed_id, due_only=True)
            if owner is None:
                continue  # another worker took it (or polled it) between the query and the claim
            feed = self.store.get(feed_id)
            if feed is not None:
                reports.append(self.poller.poll(feed, owner, self._stop))
        return reports

    def start(self, interval_s: float) -> None:
        """Start the background poller (the lifespan does, in its event loop); 0 leaves it off."""
        self._stop.clear()
        if interval_s > 0:
            self._task = asyncio.create_task(self._run(interval_s))

    async def _run(self, interval_s: float) -> None:
        while not self._stop.is_set():
            try:
                for report in await asyncio.to_thread(self.poll_due):
                    log.info(
                        "polled feed %s: %s, %d item(s)", report.feed_id, report.outcome, len(report.items)
                    )
            except Exception as exc:  # a store that fails now may work at the next round
                log.warning("feed polling failed: %s: %s", type(exc).__name__, exc)
            await asyncio.sleep(interval_s)

    def stop(self) -> None:
        """Polls in flight stop after their current group of items (what they finished stays)."""
        self._stop.set()
        if self._task is not None:
            self._task.cancel()
            self._task = None
