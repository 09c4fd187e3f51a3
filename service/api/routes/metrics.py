"""GET /metrics: Prometheus text format. Stored counts are read at scrape time, so they are exact
even when another process (the CLI, another worker) wrote the articles."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from service.api.deps import RegistryDep, StoreDep
from service.observability.metrics import ARTICLES_STORED, CHUNKS_STORED, REGISTRY

router = APIRouter(tags=["metrics"])


@router.get("/metrics", response_class=Response)
def metrics(registry: RegistryDep, store: StoreDep) -> Response:
    """Requests by route and status, latencies, LLM calls and tokens, retrieval time, stored counts."""
    ARTICLES_STORED.set(registry.count())
    CHUNKS_STORED.set(store.count())
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)
