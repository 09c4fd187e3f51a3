"""Builds every long-lived part once (the lifespan calls `Container.build`), in data-flow order:
registry + embeddings + Chroma -> indexer -> LLM provider -> ask and summary services."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from index.embed import MiniLMEmbeddings
from index.pipeline import Indexer
from index.registry import Registry
from index.store import ChunkStore, make_client
from service.answers import AskService
from service.chat import ChatService
from service.config import Settings
from service.providers import LlmProvider, build_provider
from service.summaries import SummaryService

log = logging.getLogger(__name__)


@dataclass
class Container:
    settings: Settings
    registry: Registry
    indexer: Indexer
    provider: LlmProvider
    asker: AskService
    summarizer: SummaryService
    chat: ChatService

    @classmethod
    def build(cls, settings: Settings, with_llm: bool = True) -> Container:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        registry = Registry(settings.data_dir / "newsdesk.db")
        embeddings = MiniLMEmbeddings(
            threads=settings.embed_threads,
            batch_size=settings.embed_batch_size,
            backend=settings.embed_backend,
            precision=settings.embed_precision,
        )
        client = make_client(settings.data_dir / "chroma", settings.chroma_host, settings.chroma_port)
        store = ChunkStore(client, settings.collection, embeddings)
        indexer = Indexer(
            registry,
            store,
            embeddings,
            settings.chunk_max_tokens,
            settings.chunk_overlap_sentences,
            settings.chunk_min_tokens,
        )
        rolled_back = indexer.recover()
        if rolled_back:
            log.warning("rolled back %d ingest(s) interrupted by a crash", rolled_back)
        provider = build_provider(settings) if with_llm else _no_llm(settings)
        asker = AskService(
            registry, store, provider, settings.retrieval_k, context_chars=settings.ask_context_chars
        )
        return cls(
            settings=settings,
            registry=registry,
            indexer=indexer,
            provider=provider,
            asker=asker,
            summarizer=SummaryService(registry, provider, settings.summary_section_chars),
            chat=ChatService(asker, provider),
        )

    def close(self) -> None:
        self.provider.close()
        self.registry.close()


def _no_llm(settings: Settings) -> LlmProvider:
    """For commands that only index (`newsdesk ingest`): the chains exist but nothing is started."""
    return LlmProvider("none", "none", "http://127.0.0.1:9/v1", "none", settings.llm_timeout_s, 0)
