"""Requests per minute per caller: a token bucket of `per_minute` requests of burst, refilled evenly
over the minute.

Counted in this process: with N worker processes a caller gets up to N times the limit
(shared_limits.py counts in the shared database instead, across every host). Memory is
bounded: the least recently seen callers are forgotten beyond `max_callers` (a forgotten caller
starts again with a full bucket, which only errs towards letting through)."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict


class RateLimiter:
    does_io = False  # a take is a dictionary update: the event loop may run it inline

    def __init__(self, per_minute: int, max_callers: int = 10_000) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.max_callers = max_callers
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, caller: str, now: float | None = None) -> float:
        """0 if the request may go ahead, else the seconds until it could."""
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._buckets.pop(caller, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            wait = 0.0 if tokens >= 1 else (1 - tokens) / self.rate
            if wait == 0.0:
                tokens -= 1
            self._buckets[caller] = (tokens, now)
            while len(self._buckets) > self.max_callers:
                self._buckets.popitem(last=False)
        return wait
