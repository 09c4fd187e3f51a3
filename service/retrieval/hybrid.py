"""Hybrid retrieval: dense (Chroma, MiniLM) + keyword (BM25 over the same chunks), fused by
reciprocal rank fusion. With a shared database the keyword side is Postgres full text
(fulltext.py) instead of the in-process BM25 index.

Why both: MiniLM embeds meaning, so it ranks "Tocoron" or "dollars 186.3m" no higher than any other
prison or sum; BM25 matches those exact tokens. RRF needs no score calibration between the two.

The keyword index lives in memory and is rebuilt lazily when the collection changes; the change
check is one single-row read of the registry's generation counter, done per search (Chroma's
count() cost ~10 ms at 100k chunks, a fifth of the latency budget)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from langchain_core.documents import Document

from index.registry import Registry
from index.store import ChunkStore
from service.retrieval.filters import Filters
from service.retrieval.fulltext import FullTextSearch
from service.retrieval.keyword import KeywordIndex

# Runs a Postgres keyword search beside Chroma's dense one (see HybridRetriever.search).
_BESIDE = ThreadPoolExecutor(max_workers=8, thread_name_prefix="keyword-search")
RRF_K = 60  # the constant from Cormack et al. (2009); damps the weight of the very top ranks


def rrf(rankings: Sequence[Sequence[str]], k: int = RRF_K) -> list[str]:
    """Reciprocal rank fusion of several ranked id lists; ties keep first-seen order."""
    score: dict[str, float] = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking, 1):
            score[key] = score.get(key, 0.0) + 1.0 / (k + rank)
    return sorted(score, key=lambda key: -score[key])


class HybridRetriever:
    def __init__(
        self,
        store: ChunkStore,
        registry: Registry | None,
        mode: str = "hybrid",
        fulltext: FullTextSearch | None = None,
    ) -> None:
        self.store = store
        self.registry = registry
        self.mode = mode  # "hybrid", "dense" or "bm25": the bench compares them
        self.fulltext = fulltext  # Postgres full text in place of the in-process BM25 index
        self._keyword: KeywordIndex | None = None
        self._signature: tuple[Any, ...] | None = None
        self._lock = threading.Lock()

    def _current_signature(self) -> tuple[Any, ...]:
        if self.registry is not None:
            return ("generation", self.registry.generation())
        return ("count", self.store.count())  # a bare store (benches): its size is all we know

    def keyword_index(self) -> KeywordIndex:
        signature = self._current_signature()
        with self._lock:
            if self._keyword is None or signature != self._signature:
                chunks = self.store.all_chunks()
                self._keyword = KeywordIndex(
                    [c.id for c in chunks], [c.text for c in chunks], [c.metadata for c in chunks]
                )
                self._signature = signature
            return self._keyword

    def keyword_search(self, query: str, k: int, filters: Filters) -> list[Document]:
        if self.fulltext is not None:
            return self.fulltext.search(query, k, filters)
        index = self.keyword_index()
        return [
            Document(page_content=index.texts[i], metadata=index.metadatas[i], id=index.ids[i])
            for i in index.search(query, k, filters.matches)
        ]

    def search(self, query: str, k: int, filters: Filters | None = None) -> list[Document]:
        filters = filters or Filters()
        fetch = max(k * 3, 10)  # each side brings more than k so fusion has something to choose from
        # With Postgres both searches are another server's work: the keyword query runs while the
        # dense one waits on Chroma, so a search takes the longer of the two, not their sum.
        pending: Future[list[Document]] | None = None
        if self.fulltext is not None and self.mode == "hybrid":
            pending = _BESIDE.submit(self.keyword_search, query, fetch, filters)
        dense: list[Document] = []
        if self.mode in ("hybrid", "dense"):
            dense = self.store.search(query, fetch, filters.where())
        if self.mode == "dense":
            return dense[:k]
        keyword = pending.result() if pending is not None else self.keyword_search(query, fetch, filters)
        if self.mode == "bm25":
            return keyword[:k]
        by_id = {str(d.id): d for d in keyword}
        by_id.update({str(d.id): d for d in dense})
        fused = rrf([[str(d.id) for d in dense], [str(d.id) for d in keyword]])
        return [by_id[key] for key in fused[:k]]
