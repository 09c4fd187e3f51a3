"""GET /health: 200 once the service can answer (the lifespan has built every part before serving)."""

from __future__ import annotations

from fastapi import APIRouter

from service.api.deps import EmbeddingsDep, ProviderDep, RegistryDep

router = APIRouter(tags=["health"])


@router.get("/health")
def health(provider: ProviderDep, embeddings: EmbeddingsDep, registry: RegistryDep) -> dict[str, object]:
    return {
        "status": "ok",
        "provider": provider.name,
        "model": provider.model_id,
        "llm_alive": provider.server.alive() if provider.server else True,
        # e.g. "openvino/bf16": what embeds here (bf16 only where the CPU runs it natively)
        "embedder": f"{embeddings.backend}/{embeddings.precision}",
        "articles": registry.count(),
    }
