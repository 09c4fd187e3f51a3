"""Hybrid retrieval: dense (Chroma, MiniLM) + keyword (BM25 over the same chunks), fused by
reciprocal rank fusion.

Why both: MiniLM embeds meaning, so it ranks "Tocoron" or "dollars 186.3m" no higher than any other
prison or sum; BM25 matches those exact tokens. RRF needs no score calibration between the two.

Filters (article ids, source, published date range) are applied twice on purpose: as a Chroma
`where` for the dense side and as the same predicate over chunk metadata for the BM25 side, so a
filtered question can never retrieve, and so never cite, a chunk outside the filter.

The BM25 index lives in memory and is rebuilt lazily when the collection changes; the change check
is one single-row read of the registry's generation counter, done per search (Chroma's count()
cost ~10 ms at 100k chunks, a fifth of the latency budget)."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from langchain_core.documents import Document

from index.clean import fold
from index.registry import Registry
from index.store import ChunkStore

RRF_K = 60  # the constant from Cormack et al. (2009); damps the weight of the very top ranks
_TOKEN = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*[a-z%]*")
_STOP = frozenset(
    re.findall(
        r"\w+",
        "a an the of in on at to for by with from and or but is are was were be been it its this that "
        "these those as into than then there their they them he she his her we you i what which who whom "
        "whose when where why how did do does has have had not so such about also said says say will would "
        "could can may many much",
    )
)


def tokenize(text: str) -> list[str]:
    """Lower-case word and number tokens; "186.3m" and "6-6.5%" keep their digits together."""
    out = []
    for token in _TOKEN.findall(fold(text)):
        if token in _STOP:
            continue
        token = token.replace(",", "") if token[0].isdigit() else token
        # A light plural strip so "minors" meets "minor" and "women" stays itself.
        if len(token) > 4 and token.endswith("s") and not token.endswith("ss") and token.isalpha():
            token = token[:-1]
        out.append(token)
    return out


@dataclass(frozen=True)
class Filters:
    article_ids: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    published_from: date | None = None
    published_to: date | None = None

    @property
    def empty(self) -> bool:
        return not (self.article_ids or self.sources or self.published_from or self.published_to)

    def _bounds(self) -> tuple[int | None, int | None]:
        low = high = None
        if self.published_from:
            low = int(datetime.combine(self.published_from, time.min, UTC).timestamp())
        if self.published_to:  # inclusive: the whole last day counts
            high = int(datetime.combine(self.published_to, time.max, UTC).timestamp())
        return low, high

    def where(self) -> dict[str, Any] | None:
        """The Chroma `where` clause for these filters."""
        clauses: list[dict[str, Any]] = []
        if self.article_ids:
            clauses.append({"article_id": {"$in": list(self.article_ids)}})
        if self.sources:
            clauses.append({"source": {"$in": list(self.sources)}})
        low, high = self._bounds()
        if low is not None:
            clauses.append({"published_ts": {"$gte": low}})
        if high is not None:
            clauses.append({"published_ts": {"$lte": high}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def matches(self, metadata: dict[str, Any]) -> bool:
        """The same predicate as `where`, for chunks scored outside Chroma."""
        if self.article_ids and metadata.get("article_id") not in self.article_ids:
            return False
        if self.sources and metadata.get("source") not in self.sources:
            return False
        low, high = self._bounds()
        if low is None and high is None:
            return True
        ts = metadata.get("published_ts")
        if not isinstance(ts, int):
            return False  # an undated chunk is outside any date range, as in Chroma's $gte/$lte
        return (low is None or ts >= low) and (high is None or ts <= high)


def rrf(rankings: Sequence[Sequence[str]], k: int = RRF_K) -> list[str]:
    """Reciprocal rank fusion of several ranked id lists; ties keep first-seen order."""
    score: dict[str, float] = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking, 1):
            score[key] = score.get(key, 0.0) + 1.0 / (k + rank)
    return sorted(score, key=lambda key: -score[key])


class _Bm25Index:
    """rank-bm25's Okapi model (idf, lengths, k1, b) scored through postings lists: its own
    `get_scores` walks every document in Python for each query term, which costs ~0.7 s a query
    at 50k chunks; postings touch only the chunks that hold a term. Same scores (unit-tested)."""

    def __init__(self, ids: list[str], texts: list[str], metadatas: list[dict[str, Any]]) -> None:
        import numpy as np
        from rank_bm25 import BM25Okapi

        self.ids, self.texts, self.metadatas = ids, texts, metadatas
        # BM25Okapi divides by the corpus size; an empty collection gets no model at all.
        self.model = BM25Okapi([tokenize(t) or ["_"] for t in texts]) if texts else None
        self.postings: dict[str, tuple[Any, Any]] = {}
        if self.model is None:
            return
        rows: dict[str, tuple[list[int], list[int]]] = {}
        for i, freqs in enumerate(self.model.doc_freqs):
            for term, tf in freqs.items():
                docs, tfs = rows.setdefault(term, ([], []))
                docs.append(i)
                tfs.append(tf)
        lengths = np.asarray(self.model.doc_len, dtype=float)
        k1, b = self.model.k1, self.model.b
        norm = k1 * (1 - b + b * lengths / self.model.avgdl)
        for term, (docs, tfs) in rows.items():
            idx, tf = np.asarray(docs), np.asarray(tfs, dtype=float)
            # Precomputed per posting: idf * tf (k1 + 1) / (tf + k1 (1 - b + b |d| / avgdl)).
            weight = self.model.idf.get(term, 0.0) * tf * (k1 + 1) / (tf + norm[idx])
            self.postings[term] = (idx, weight)

    def scores(self, query: str) -> Any:
        import numpy as np

        total = np.zeros(len(self.ids))
        for term in tokenize(query):
            if term in self.postings:
                idx, weight = self.postings[term]
                total[idx] += weight
        return total

    def search(self, query: str, k: int, keep: Callable[[dict[str, Any]], bool]) -> list[int]:
        import numpy as np

        if self.model is None:
            return []
        scores = self.scores(query)
        found = np.nonzero(scores > 0)[0]
        hits: list[int] = []
        for i in found[np.argsort(-scores[found], kind="stable")]:
            if len(hits) >= k:
                break
            if keep(self.metadatas[i]):
                hits.append(int(i))
        return hits


class HybridRetriever:
    def __init__(self, store: ChunkStore, registry: Registry | None, mode: str = "hybrid") -> None:
        self.store = store
        self.registry = registry
        self.mode = mode  # "hybrid", "dense" or "bm25": the bench compares them
        self._bm25: _Bm25Index | None = None
        self._signature: tuple[Any, ...] | None = None
        self._lock = threading.Lock()

    def _current_signature(self) -> tuple[Any, ...]:
        if self.registry is not None:
            return ("generation", self.registry.generation())
        return ("count", self.store.count())  # a bare store (benches): its size is all we know

    def bm25(self) -> _Bm25Index:
        signature = self._current_signature()
        with self._lock:
            if self._bm25 is None or signature != self._signature:
                ids, texts, metadatas = self._all_chunks()
                self._bm25 = _Bm25Index(ids, texts, metadatas)
                self._signature = signature
            return self._bm25

    def _all_chunks(self) -> tuple[list[str], list[str], list[dict[str, Any]]]:
        """Every chunk, in pages: one `get` of 50k ids overflows SQLite's variable limit."""
        ids: list[str] = []
        texts: list[str] = []
        metadatas: list[dict[str, Any]] = []
        page = 5_000
        while True:
            got = self.store._collection.get(include=["documents", "metadatas"], limit=page, offset=len(ids))
            ids += list(got["ids"])
            texts += [d or "" for d in got["documents"] or []]
            metadatas += [dict(m or {}) for m in got["metadatas"] or []]
            if len(got["ids"]) < page:
                return ids, texts, metadatas

    def search(self, query: str, k: int, filters: Filters | None = None) -> list[Document]:
        filters = filters or Filters()
        fetch = max(k * 3, 10)  # each side brings more than k so fusion has something to choose from
        dense: list[Document] = []
        if self.mode in ("hybrid", "dense"):
            dense = self.store.vectorstore.similarity_search(query, k=fetch, filter=filters.where())
        if self.mode == "dense":
            return dense[:k]
        index = self.bm25()
        keyword = [
            Document(page_content=index.texts[i], metadata=index.metadatas[i], id=index.ids[i])
            for i in index.search(query, fetch, filters.matches)
        ]
        if self.mode == "bm25":
            return keyword[:k]
        by_id = {str(d.id): d for d in keyword}
        by_id.update({str(d.id): d for d in dense})
        fused = rrf([[str(d.id) for d in dense], [str(d.id) for d in keyword]])
        return [by_id[key] for key in fused[:k]]
