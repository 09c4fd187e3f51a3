"""Keyword search: Okapi BM25 (rank-bm25's model: idf, lengths, k1, b) over the chunks' tokens.

rank-bm25's own `get_scores` walks every document in Python for each query term, which costs ~0.7 s
a query at 50k chunks; here the scores go through postings lists, which touch only the chunks that
hold a term. Same scores (unit-tested). The index lives in memory; HybridRetriever rebuilds it when
the collection changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from rank_bm25 import BM25Okapi

from service.text.demonyms import with_pairs
from service.text.terms import tokenize


class KeywordIndex:
    """BM25 over a fixed set of chunks; `search` returns positions into `ids`/`texts`/`metadatas`."""

    def __init__(self, ids: list[str], texts: list[str], metadatas: list[dict[str, Any]]) -> None:
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
        total = np.zeros(len(self.ids))
        for term in with_pairs(tokenize(query)):  # "British" finds "Britain" (demonyms.py)
            if term in self.postings:
                idx, weight = self.postings[term]
                total[idx] += weight
        return total

    def search(self, query: str, k: int, keep: Callable[[dict[str, Any]], bool]) -> list[int]:
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
