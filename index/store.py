"""Chunks in Chroma: an embedded PersistentClient under the data dir, or a `chroma run` server.

Writes go through the raw collection in bulk (one upsert per batch, never per chunk); reads go
through LangChain's `Chroma` vector store over the same collection, so the retriever is the stock
LangChain one. Every chunk carries `article_id` and `version`, which is how a half-finished write
is found and removed (see `index.pipeline`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from chromadb.errors import ChromaError
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from index.errors import storage_call

# What Chroma raises when the store itself fails: its own errors, the disk under the embedded
# client, and the connection to a server (HttpClient lets httpx's errors through).
_CHROMA_FAULTS = (ChromaError, OSError, httpx.TransportError)
PAGE = 5_000  # ids per `get`: one `get` of 50k ids overflows SQLite's variable limit


@dataclass(frozen=True)
class StoredChunk:
    id: str
    text: str
    metadata: dict[str, Any]


def make_client(path: Path | None, host: str | None = None, port: int = 8000) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if host:
        return chromadb.HttpClient(host=host, port=port, settings=settings)
    assert path is not None
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


class ChunkStore:
    def __init__(self, client: Any, collection: str, embeddings: Embeddings) -> None:
        from langchain_chroma import Chroma

        self.vectorstore = Chroma(
            collection_name=collection,
            embedding_function=embeddings,
            client=client,
            collection_configuration={"hnsw": {"space": "cosine"}},
        )
        self.embeddings = embeddings
        self._collection = self.vectorstore._collection
        self._max_batch = int(getattr(client, "get_max_batch_size", lambda: 5000)())

    def add(
        self,
        ids: Sequence[str],
        texts: Sequence[str],
        vectors: Sequence[Sequence[float]],
        metadatas: Sequence[dict[str, Any]],
    ) -> None:
        for begin in range(0, len(ids), self._max_batch):
            end = begin + self._max_batch
            with storage_call("chunk upsert", _CHROMA_FAULTS):
                self._collection.upsert(
                    ids=list(ids[begin:end]),
                    documents=list(texts[begin:end]),
                    embeddings=[list(v) for v in vectors[begin:end]],  # type: ignore[arg-type]
                    metadatas=[dict(m) for m in metadatas[begin:end]],
                )

    def delete_article(self, article_id: str, except_version: str | None = None) -> None:
        where: dict[str, Any] = {"article_id": article_id}
        if except_version is not None:
            where = {"$and": [where, {"version": {"$ne": except_version}}]}
        with storage_call("chunk delete", _CHROMA_FAULTS):
            self._collection.delete(where=where)

    def delete_version(self, article_id: str, version: str) -> None:
        with storage_call("chunk delete", _CHROMA_FAULTS):
            self._collection.delete(where={"$and": [{"article_id": article_id}, {"version": version}]})

    def chunks_of(self, article_id: str) -> list[StoredChunk]:
        with storage_call("chunk read", _CHROMA_FAULTS):
            got = self._collection.get(where={"article_id": article_id}, include=["documents", "metadatas"])
        return sorted(_stored(got), key=lambda c: int(c.metadata.get("chunk_index", 0)))

    def all_chunks(self) -> list[StoredChunk]:
        """Every chunk, read in pages (what the keyword index is built from)."""
        chunks: list[StoredChunk] = []
        while True:
            with storage_call("chunk read", _CHROMA_FAULTS):
                got = self._collection.get(include=["documents", "metadatas"], limit=PAGE, offset=len(chunks))
            chunks += _stored(got)
            if len(got["ids"]) < PAGE:
                return chunks

    def search(self, query: str, k: int, where: dict[str, Any] | None = None) -> list[Document]:
        """Dense search through LangChain's Chroma vector store (the query embedded by MiniLM)."""
        with storage_call("vector search", _CHROMA_FAULTS):
            return self.vectorstore.similarity_search(query, k=k, filter=where)

    def count(self) -> int:
        with storage_call("chunk count", _CHROMA_FAULTS):
            return int(self._collection.count())


def _stored(got: Any) -> list[StoredChunk]:
    return [
        StoredChunk(i, d or "", dict(m or {}))
        for i, d, m in zip(got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True)
    ]
