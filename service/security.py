"""API keys and requests-per-minute, as one plain ASGI middleware in front of every route.

It sits outside FastAPI's routing on purpose: an unknown path, a malformed body or a 404 costs an
attacker the same key check as a real route, and nothing behind it (JSON parsing, the models, the
store) runs for a caller without a key. `/health` stays open so that load balancers and the test
harness can probe liveness without a secret.

Keys are compared with `hmac.compare_digest` against every configured key (no early exit on the
first match), so the time taken does not say which key or how much of it was right. Keys are never
logged: the rate limiter files callers under a SHA-256 digest of their key, not the key itself.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from service.errors import NewsdeskError, RateLimited, Unauthorized, error_body

OPEN_PATHS = frozenset({"/health", "/"})
# The web page's static files (service/routers/web.py): no data, and the page must load before the
# user has typed a key into it.
OPEN_PREFIXES = ("/web/",)


async def send_error(send: Any, exc: NewsdeskError, headers: Sequence[tuple[bytes, bytes]] = ()) -> None:
    body = json.dumps(error_body(exc.code, exc.message)).encode()
    await send(
        {
            "type": "http.response.start",
            "status": exc.status_code,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class RateLimiter:
    """A token bucket per caller: `per_minute` requests of burst, refilled evenly over the minute.

    Memory is bounded: the least recently seen callers are forgotten beyond `max_callers` (a
    forgotten caller starts again with a full bucket, which only errs towards letting through)."""

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


def bearer_token(scope: dict[str, Any]) -> str | None:
    for name, value in scope.get("headers") or []:
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
            return None
    return None


def key_matches(token: str, keys: list[bytes]) -> bool:
    given = token.encode()
    found = False
    for key in keys:
        # Check every key, never short-circuit, so timing does not reveal which one matched.
        found |= hmac.compare_digest(given, key)
    return found


class SecurityMiddleware:
    def __init__(self, app: Any, api_keys: list[str], per_minute: int) -> None:
        self.app = app
        self.keys = [k.encode() for k in api_keys]
        # Per key: without keys the service is loopback-only, and its only callers are local tools
        # (tests, benches, the CLI) that a per-address budget would just throttle.
        self.limiter = RateLimiter(per_minute) if per_minute > 0 and api_keys else None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] != "http" or path in OPEN_PATHS or path.startswith(OPEN_PREFIXES):
            await self.app(scope, receive, send)
            return
        if not self.keys:
            await self.app(scope, receive, send)
            return
        token = bearer_token(scope)
        if token is None or not key_matches(token, self.keys):
            message = "a valid API key is required: send `Authorization: Bearer <key>`"
            await send_error(send, Unauthorized(message), [(b"www-authenticate", b"Bearer")])
            return
        caller = "key:" + hashlib.sha256(token.encode()).hexdigest()[:16]
        scope.setdefault("state", {})["caller"] = caller
        if self.limiter is not None:
            wait = self.limiter.take(caller)
            if wait > 0:
                retry = max(1, math.ceil(wait))
                exc = RateLimited(
                    f"more than {int(self.limiter.capacity)} requests per minute; retry in {retry} s", retry
                )
                await send_error(send, exc, [(b"retry-after", str(retry).encode())])
                return
        await self.app(scope, receive, send)
