from __future__ import annotations

from fastapi import APIRouter

from service.deps import ContainerDep

router = APIRouter(tags=["health"])


@router.get("/health")
def health(container: ContainerDep) -> dict[str, object]:
    """200 once the service can answer: the lifespan has built every provider before serving."""
    provider = container.provider
    return {
        "status": "ok",
        "provider": provider.name,
        "model": provider.model_id,
        "llm_alive": provider.server.alive() if provider.server else True,
        # e.g. "openvino/bf16": what embeds here (bf16 only where the CPU runs it natively)
        "embedder": f"{container.indexer.embeddings.backend}/{container.indexer.embeddings.precision}",
        "articles": container.registry.count(),
    }
