"""GET /health: 200 once the service can answer (the lifespan has built every part before serving)."""

from __future__ import annotations

from fastapi import APIRouter

from service.api.deps import StatusDep

router = APIRouter(tags=["health"])


@router.get("/health")
def health(status: StatusDep) -> dict[str, object]:
    return status.health()
