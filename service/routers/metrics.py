"""GET /metrics: Prometheus text format. Stored counts are read at scrape time, so they are exact
even when another process (the CLI, another worker) wrote the articles."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from service.deps import ContainerDep
from service.observability import ARTICLES_STORED, CHUNKS_STORED, REGISTRY

router = APIRouter(tags=["metrics"])


@router.get("/metrics", response_class=Response)
def metrics(container: ContainerDep) -> Response:
    """Requests by route and status, latencies, LLM calls and tokens, retrieval time, stored counts."""
    ARTICLES_STORED.set(container.registry.count())
    CHUNKS_STORED.set(container.indexer.store.count())
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)
