"""Prometheus metrics, defined once and recorded where the work happens.

What is measured, and where the number comes from:
- HTTP requests by method, route template and status, and their latency: the access middleware
  (service/api/middleware/access.py), outermost, so 401/413/429 answered by the other middlewares
  are counted too;
- LLM calls, their latency and tokens in/out: a LangChain callback (llm_calls.py), so every chain
  invocation reports without the chains knowing about metrics;
- retrieval time: the ask service, around its retrieval; ingests by status and their latency: the
  articles service, around its indexer call;
- articles and chunks stored: read from the registry and Chroma when /metrics is scraped."""

from __future__ import annotations

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
