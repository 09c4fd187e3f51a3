"""API keys and requests-per-minute, as one plain ASGI middleware in front of every route.

It sits outside FastAPI's routing on purpose: an unknown path, a malformed body or a 404 costs an
attacker the same key check as a real route, and nothing behind it (JSON parsing, the models, the
store) runs for a caller without a key. `/health` stays open so that load balancers and the test
harness can probe liveness without a secret. The keys and the limiter are the container's parts
(service/access/); this is only their HTTP side."""

from __future__ import annotations

import asyncio
import math
from typing import Any

from service.access import ApiKeys
from service.api.errors import send_error
from service.errors import RateLimited, Unauthorized

OPEN_PATHS = frozenset({"/health", "/"})
# The web page's static files (service/api/routes/web.py): no data, and the page must load before
# the user has typed a key into it.
OPEN_PREFIXES = ("/web/",)


def bearer_token(scope: dict[str, Any]) -> str | None:
    for name, value in scope.get("headers") or []:
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
            return None
    return None


class SecurityMiddleware:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] != "http" or path in OPEN_PATHS or path.startswith(OPEN_PREFIXES):
            await self.app(scope, receive, send)
            return
        container = scope["app"].state.container
        keys: ApiKeys = container.keys
        if not keys.required:
            await self.app(scope, receive, send)
            return
        token = bearer_token(scope)
        if token is None or not keys.accepts(token):
            message = "a valid API key is required: send `Authorization: Bearer <key>`"
            await send_error(send, Unauthorized(message), [(b"www-authenticate", b"Bearer")])
            return
        caller = keys.caller(token)
        scope.setdefault("state", {})["caller"] = caller
        limiter = container.limiter
        if limiter is not None:
            wait = await asyncio.to_thread(limiter.take, caller) if limiter.does_io else limiter.take(caller)
            if wait > 0:
                retry = max(1, math.ceil(wait))
                exc = RateLimited(
                    f"more than {int(limiter.capacity)} requests per minute; retry in {retry} s", retry
                )
                await send_error(send, exc, [(b"retry-after", str(retry).encode())])
                return
        await self.app(scope, receive, send)
