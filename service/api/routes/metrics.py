"""GET /metrics: Prometheus text format (service/observability/)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST

from service.api.deps import StatusDep

router = APIRouter(tags=["metrics"])


@router.get("/metrics", response_class=Response)
def metrics(status: StatusDep) -> Response:
    """Requests by route and status, latencies, LLM calls and tokens, retrieval time, stored counts."""
    return Response(status.metrics(), media_type=CONTENT_TYPE_LATEST)
