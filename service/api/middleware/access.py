"""A request id on every response and one JSON access-log line per request, with the HTTP metrics.

Outermost of the middlewares, so the 401/413/429 answered by the others are logged and counted
too. The log line holds the request id, method, route, path, status, duration and client address:
never a header (keys live there) and never a body (article text lives there)."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from service.observability.metrics import HTTP_IN_FLIGHT, HTTP_LATENCY, HTTP_REQUESTS

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def access_logger() -> logging.Logger:
    """`newsdesk.access` writes bare JSON lines to stderr, whatever the root logger's format."""
    log = logging.getLogger("newsdesk.access")
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    return log


class AccessMiddleware:
    def __init__(self, app: Any, openapi: Callable[[], dict[str, Any]]) -> None:
        self.app = app
        self.openapi = openapi  # the app's schema: route templates for requests never routed
        self._templates: list[tuple[re.Pattern[str], str]] | None = None
        self.log = access_logger()

    def route_of(self, scope: dict[str, Any]) -> str:
        """The route template, never the raw path, so metric labels stay few whatever is sent."""
        route = scope.get("route")
        if route is not None and getattr(route, "path", None):
            return str(route.path)
        if self._templates is None:
            paths = [*self.openapi().get("paths", {}), "/openapi.json", "/docs", "/redoc"]
            self._templates = [
                (re.compile("^" + re.sub(r"\\{[^/]+?\\}", "[^/]+", re.escape(p)) + "$"), p) for p in paths
            ]
        path = str(scope.get("path", ""))
        return next((t for pattern, t in self._templates if pattern.match(path)), "unmatched")

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Any) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                message = {
                    **message,
                    "headers": [*message.get("headers", []), (b"x-request-id", request_id.encode())],
                }
            await send(message)

        HTTP_IN_FLIGHT.inc()
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            HTTP_IN_FLIGHT.dec()
            duration = time.perf_counter() - started
            route, method = self.route_of(scope), scope.get("method", "")
            HTTP_REQUESTS.labels(method, route, str(status)).inc()
            HTTP_LATENCY.labels(method, route).observe(duration)
            client = scope.get("client")
            line = {
                "ts": datetime.now(UTC).isoformat(timespec="milliseconds"),
                "request_id": request_id,
                "method": method,
                "route": route,
                "path": str(scope.get("path", ""))[:200],
                "status": status,
                "duration_ms": round(duration * 1000, 1),
                "client": client[0] if client else None,
            }
            self.log.info(json.dumps(line))
