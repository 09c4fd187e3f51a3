"""article -> clean -> chunk -> embed -> Chroma, with the registry row as the commit point.

Order of writes, chosen so that a crash at any point loses nothing acknowledged and leaves
nothing half-indexed:
  1. everything that can fail slowly (cleaning, chunking, embedding) happens before any write;
  2. a `pending` marker for (article, new version) is written;
  3. the new version's chunks are upserted (ids carry the version, so old chunks stay intact);
  4. the registry row is committed: the article is now visible with its new version;
  5. chunks of other versions are deleted, then the marker is cleared; only then is the request
     acknowledged.
`recover()` at start-up undoes 3 for versions that never reached 4, and finishes 5 for those that
did (the marker outlives step 4 for that: were it cleared with the commit, a crash before 5 would
leave the old version's chunks in Chroma for good, answering with text the article no longer has)."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from typing import Any, Literal

from index.chunk import Chunk, chunk_text
from index.clean import clean_text, content_hash
from index.embed import MiniLMEmbeddings, TokenCounter
from index.registry import ArticleRecord, Registry
from index.store import ChunkStore

DELETING = "-deleting"  # the pending "version" of a delete in flight; no real version looks like it


@dataclass
class RawArticle:
    title: str
    text: str
    url: str | None = None
    source: str | None = None
    published_at: str | None = None  # ISO 8601 date or datetime
    metadata: dict[str, Any] = field(default_factory=dict)
    id: str | None = None


@dataclass
class IngestResult:
    id: str
    chunk_count: int
    status: Literal["created", "updated", "unchanged"]


def article_id_for(raw: RawArticle, text_hash: str) -> str:
    """Stable ids: the caller's id, else the url, else the normalised text decides."""
    if raw.id:
        return raw.id
    if raw.url:
        return "u" + hashlib.sha256(raw.url.strip().lower().rstrip("/").encode()).hexdigest()[:15]
    return "t" + text_hash[:15]


def published_ts(published_at: str | None) -> int | None:
    from datetime import UTC, datetime

    if not published_at:
        return None
    moment = datetime.fromisoformat(published_at.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


class Indexer:
    def __init__(
        self,
        registry: Registry,
        store: ChunkStore,
        embeddings: MiniLMEmbeddings,
        max_tokens: int = 254,
        overlap: int = 1,
        min_tokens: int = 48,
    ) -> None:
        self.registry = registry
        self.store = store
        self.embeddings = embeddings
        self.count_tokens = TokenCounter()
        self._chunking = {"max_tokens": max_tokens, "overlap": overlap, "min_tokens": min_tokens}
        self._write_lock = threading.Lock()

    def chunk(self, text: str) -> list[Chunk]:
        return chunk_text(text, self.count_tokens, **self._chunking)

    def ingest(self, raw: RawArticle) -> IngestResult:
        text = clean_text(raw.text)
        text_hash = content_hash(text)
        article_id = article_id_for(raw, text_hash)
        title = clean_text(raw.title)
        meta_key = (
            f"{text_hash}|{title}|{raw.url}|{raw.source}|{raw.published_at}|{sorted(raw.metadata.items())}"
        )
        version = hashlib.sha256(meta_key.encode()).hexdigest()[:12]

        existing = self.registry.get(article_id)
        if existing and existing.version == version:
            return IngestResult(article_id, existing.chunk_count, "unchanged")

        chunks = self.chunk(text)
        vectors = self.embeddings.embed_documents([c.text for c in chunks])
        base: dict[str, Any] = {"article_id": article_id, "version": version, "title": title}
        extras = {
            "url": raw.url,
            "source": raw.source,
            "published_at": raw.published_at,
            "published_ts": published_ts(raw.published_at),
        }
        base.update({k: v for k, v in extras.items() if v is not None})
        metadatas = [
            {**base, "chunk_index": c.index, "start": c.start, "end": c.end, "tokens": c.tokens}
            for c in chunks
        ]
        ids = [f"{article_id}:{version}:{c.index}" for c in chunks]
        record = ArticleRecord(
            id=article_id,
            title=title,
            text=text,
            content_hash=text_hash,
            version=version,
            chunk_count=len(chunks),
            url=raw.url,
            source=raw.source,
            published_at=raw.published_at,
            metadata=dict(raw.metadata),
        )
        with self._write_lock:
            self.registry.mark_pending(article_id, version)
            try:
                self.store.add(ids, [c.text for c in chunks], vectors, metadatas)
                self.registry.commit_article(record)
            except BaseException:
                self._undo(article_id, version)
                raise
            self.store.delete_article(article_id, except_version=version)
            self.registry.clear_pending(article_id, version)
        return IngestResult(article_id, len(chunks), "updated" if existing else "created")

    def _undo(self, article_id: str, version: str) -> None:
        try:
            self.store.delete_version(article_id, version)
            self.registry.clear_pending(article_id, version)
        except Exception:
            pass

    def delete(self, article_id: str) -> bool:
        # The marker makes a crash between the two deletes finish at start-up: without it the
        # chunks of a deleted article would stay retrievable for good.
        with self._write_lock:
            if self.registry.get(article_id) is None:
                return False
            self.registry.mark_pending(article_id, DELETING)
            self.registry.delete_article(article_id)
            self.store.delete_article(article_id)
            self.registry.clear_pending(article_id, DELETING)
        return True

    def recover(self) -> int:
        """Roll back writes that never committed; returns how many were found."""
        found = self.registry.pending()
        for article_id, version in found:
            committed = self.registry.get(article_id)
            if committed is None:
                self.store.delete_article(article_id)
            else:
                self.store.delete_article(article_id, except_version=committed.version)
            self.registry.clear_pending(article_id, version)
        return len(found)
