"""What the service says about itself: /health (which model and embedder serve, is the model
server alive, how many articles) and the stored counts /metrics reads at scrape time, so they are
exact even when another process (the CLI, another worker) wrote the articles."""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import generate_latest

from index.embed import MiniLMEmbeddings
from index.registry import Registry
from index.store import ChunkStore
from service.llm.provider import LlmProvider
from service.observability.metrics import ARTICLES_STORED, CHUNKS_STORED, REGISTRY


@dataclass
class ServiceStatus:
    provider: LlmProvider
    embeddings: MiniLMEmbeddings
    registry: Registry
    store: ChunkStore

    @property
    def model_id(self) -> str:
        return self.provider.model_id

    def health(self) -> dict[str, object]:
        return {
            "status": "ok",
            "provider": self.provider.name,
            "model": self.provider.model_id,
            "llm_alive": self.provider.alive(),
            # e.g. "openvino/bf16": what embeds here (bf16 only where the CPU runs it natively)
            "embedder": f"{self.embeddings.backend}/{self.embeddings.precision}",
            "articles": self.registry.count(),
        }

    def metrics(self) -> bytes:
        """Every metric in Prometheus text format, the stored counts read now."""
        ARTICLES_STORED.set(self.registry.count())
        CHUNKS_STORED.set(self.store.count())
        return bytes(generate_latest(REGISTRY))
