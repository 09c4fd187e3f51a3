"""Metrics (Prometheus), a request id on every response, and one JSON access-log line per request.

What is measured, and where the number comes from:
- HTTP requests by method, route template and status, and their latency: the ASGI middleware
  below, outermost, so 401/413/429 answered by the other middlewares are counted too;
- LLM calls, their latency and tokens in/out: a LangChain callback registered as a global
  configure hook, so every chain invocation reports without the chains knowing about metrics;
- retrieval time and ingests by status: `instrument()` wraps the container's two entry points;
- articles and chunks stored: read from the registry and Chroma when /metrics is scraped.

The access log holds the request id, method, route, path, status, duration and client address:
never a header (keys live there) and never a body (article text lives there)."""

from __future__ import annotations

import functools
import json
import logging
import re
import sys
import threading
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.outputs import LLMResult
from langchain_core.tracers.context import register_configure_hook
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, ProcessCollector

REGISTRY = CollectorRegistry()
ProcessCollector(registry=REGISTRY)
_SECONDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)

HTTP_REQUESTS = Counter(
    "newsdesk_http_requests", "HTTP requests answered", ["method", "route", "status"], registry=REGISTRY
)
HTTP_LATENCY = Histogram(
    "newsdesk_http_request_duration_seconds",
    "HTTP request latency",
    ["method", "route"],
    buckets=_SECONDS,
    registry=REGISTRY,
)
HTTP_IN_FLIGHT = Gauge("newsdesk_http_requests_in_flight", "HTTP requests being served", registry=REGISTRY)
LLM_CALLS = Counter("newsdesk_llm_calls", "LLM calls by outcome", ["outcome"], registry=REGISTRY)
LLM_TOKENS = Counter(
    "newsdesk_llm_tokens", "LLM tokens, in (prompt) and out", ["direction"], registry=REGISTRY
)
LLM_LATENCY = Histogram(
    "newsdesk_llm_call_duration_seconds", "LLM call latency", buckets=_SECONDS, registry=REGISTRY
)
RETRIEVAL_LATENCY = Histogram(
    "newsdesk_retrieval_duration_seconds", "Vector search latency", buckets=_SECONDS, registry=REGISTRY
)
INGESTS = Counter("newsdesk_ingests", "Articles ingested, by result", ["status"], registry=REGISTRY)
INGEST_LATENCY = Histogram(
    "newsdesk_ingest_duration_seconds",
    "Ingest latency per call (one request's articles)",
    buckets=_SECONDS,
    registry=REGISTRY,
)
ARTICLES_STORED = Gauge("newsdesk_articles_stored", "Articles in the registry", registry=REGISTRY)
CHUNKS_STORED = Gauge("newsdesk_chunks_stored", "Chunks in the Chroma collection", registry=REGISTRY)

# Expose the label sets that exist from the start at 0, so dashboards see them before traffic.
for _label in ("in", "out"):
    LLM_TOKENS.labels(_label)
for _label in ("ok", "error"):
    LLM_CALLS.labels(_label)

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class LlmMetrics(BaseCallbackHandler):
    """Counts every chat-model call LangChain makes, with its tokens when the server reports them."""

    def __init__(self) -> None:
        self._started: dict[UUID, float] = {}
        self._lock = threading.Lock()

    def on_chat_model_start(self, serialized: Any, messages: Any, *, run_id: UUID, **kwargs: Any) -> None:
        with self._lock:
            self._started[run_id] = time.perf_counter()

    def on_llm_start(self, serialized: Any, prompts: Any, *, run_id: UUID, **kwargs: Any) -> None:
        with self._lock:
            self._started[run_id] = time.perf_counter()

    def _finish(self, run_id: UUID, outcome: str) -> None:
        with self._lock:
            started = self._started.pop(run_id, None)
        LLM_CALLS.labels(outcome).inc()
        if started is not None:
            LLM_LATENCY.observe(time.perf_counter() - started)

    def on_llm_end(self, response: LLMResult, *, run_id: UUID, **kwargs: Any) -> None:
        self._finish(run_id, "ok")
        usage = dict((response.llm_output or {}).get("token_usage") or {})
        if not usage:
            # Streaming and some servers only put usage on the message itself.
            for generation in (g for gens in response.generations for g in gens):
                meta = getattr(getattr(generation, "message", None), "usage_metadata", None) or {}
                usage["prompt_tokens"] = usage.get("prompt_tokens", 0) + meta.get("input_tokens", 0)
                usage["completion_tokens"] = usage.get("completion_tokens", 0) + meta.get("output_tokens", 0)
        LLM_TOKENS.labels("in").inc(int(usage.get("prompt_tokens") or 0))
        LLM_TOKENS.labels("out").inc(int(usage.get("completion_tokens") or 0))

    def on_llm_error(self, error: BaseException, *, run_id: UUID, **kwargs: Any) -> None:
        self._finish(run_id, "error")


# A context variable whose default is the handler makes LangChain add it to every run, everywhere.
_llm_metrics_var: ContextVar[LlmMetrics | None] = ContextVar(
    "newsdesk_llm_metrics",
    default=LlmMetrics(),  # noqa: B039 -- one shared, thread-safe handler is the point
)
register_configure_hook(_llm_metrics_var, inheritable=True)


def _timed(histogram: Histogram, fn: Any, count: Counter | None = None) -> Any:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with histogram.time():
            result = fn(*args, **kwargs)
        if count is not None:  # a batch call counts each of its articles
            for item in result if isinstance(result, list) else [result]:
                count.labels(getattr(item, "status", "done")).inc()
        return result

    return wrapper


def instrument(container: Any) -> None:
    """Time retrieval and ingest on this container's instances (the classes stay untouched)."""
    container.asker.retrieve = _timed(RETRIEVAL_LATENCY, container.asker.retrieve)
    container.indexer.ingest_many = _timed(INGEST_LATENCY, container.indexer.ingest_many, INGESTS)


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


class ObservabilityMiddleware:
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
