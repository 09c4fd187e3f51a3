"""The tight context's sentence vectors, kept: the same articles are asked about again and again, and
embedding the ~30 sentences of four chunks is about a tenth of the time to the first answer token on
2 cores. A sentence's vector depends on its text alone, so it is kept by text, the least recently
used dropped first."""

from __future__ import annotations

import threading
from array import array
from collections import OrderedDict

from langchain_core.embeddings import Embeddings

# 1.5 KB a vector as 384 float32s (a list of Python floats would take ~12 KB): 20,000 sentences, a
# few hundred articles' worth, take ~30 MB.
MAX_TEXTS = 20_000


class KeptVectors(Embeddings):
    """`embeddings` with an LRU of the vectors of the texts it embedded, documents and queries apart."""

    def __init__(self, embeddings: Embeddings, size: int = MAX_TEXTS) -> None:
        self.embeddings = embeddings
        self.size = size
        self._documents: OrderedDict[str, array[float]] = OrderedDict()
        self._queries: OrderedDict[str, array[float]] = OrderedDict()
        self._lock = threading.Lock()  # routes run in a thread pool

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        with self._lock:
            have = {t: v for t in texts if (v := self._use(self._documents, t)) is not None}
        missing = list(dict.fromkeys(t for t in texts if t not in have))
        made = dict(zip(missing, self.embeddings.embed_documents(missing), strict=True)) if missing else {}
        with self._lock:
            for text, vector in made.items():
                have[text] = self._keep(self._documents, text, vector)
        return [have[t].tolist() for t in texts]

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            kept = self._use(self._queries, text)
        if kept is None:
            vector = self.embeddings.embed_query(text)
            with self._lock:
                kept = self._keep(self._queries, text, vector)
        return kept.tolist()

    def _keep(self, kept: OrderedDict[str, array[float]], text: str, vector: list[float]) -> array[float]:
        kept[text] = packed = array("f", vector)
        kept.move_to_end(text)
        while len(kept) > self.size:
            kept.popitem(last=False)
        return packed

    @staticmethod
    def _use(kept: OrderedDict[str, array[float]], text: str) -> array[float] | None:
        vector = kept.get(text)
        if vector is not None:
            kept.move_to_end(text)
        return vector
