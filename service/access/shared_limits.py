"""Requests per minute per key, counted across hosts: the same token bucket as ratelimit.py, one row
per caller in the shared database, taken from and refilled by one atomic upsert (the row lock makes
two hosts' takes of one key happen one after the other).

When the database does not answer, the request is let through (and logged): the limit guards the
service against a noisy key, and a request that goes on then meets the same database and gets its
503 there; refusing every request because the counter is down would turn a database fault into a
wall of 429s."""

from __future__ import annotations

import logging
import time

from sqlalchemy import case
from sqlalchemy.dialects import postgresql, sqlite

from index.errors import StoreFailure
from index.shared.database import Database
from index.shared.schema import rate_buckets
from service.access.ratelimit import RateLimiter

log = logging.getLogger(__name__)


class SharedRateLimiter(RateLimiter):
    does_io = True  # a take is a database round trip: run off the event loop

    def __init__(self, database: Database, per_minute: int) -> None:
        super().__init__(per_minute)
        self.db = database

    def take(self, caller: str, now: float | None = None) -> float:
        now = time.time() if now is None else now
        insert = (postgresql if self.db.is_postgres else sqlite).insert
        fresh = insert(rate_buckets).values(
            caller=caller, tokens=self.capacity - 1, updated_at=now, allowed=True
        )
        grown = rate_buckets.c.tokens + (now - rate_buckets.c.updated_at) * self.rate
        refilled = case((grown > self.capacity, self.capacity), else_=grown)
        allowed = refilled >= 1
        upsert = fresh.on_conflict_do_update(
            index_elements=["caller"],
            set_={
                "tokens": case((allowed, refilled - 1), else_=refilled),
                "updated_at": now,
                "allowed": allowed,
            },
        ).returning(rate_buckets.c.tokens, rate_buckets.c.allowed)
        try:
            with self.db.begin("rate limit") as conn:
                tokens, ok = conn.execute(upsert).one()
        except StoreFailure as exc:
            log.warning("rate limit not counted (database down): %s", exc)
            return 0.0
        return 0.0 if ok else (1 - float(tokens)) / self.rate
