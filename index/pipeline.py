"""article -> clean -> chunk -> embed -> Chroma, with the registry row as the commit point.

Order of writes, chosen so that a crash at any point loses nothing acknowledged and leaves
nothing half-indexed:
  1. everything that can fail slowly (cleaning, chunking, embedding) happens before any write
     (for a batch, before the first article's write: one embedding call covers all of it);
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
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from index.chunk import Chunk, chunk_text
from index.clean import clean_text, content_hash
from index.embed import MiniLMEmbeddings
from index.registry import ArticleRecord, Registry
from index.rows import ChunkText
from index.store import ChunkStore
from index.tokenizer import TokenCounter

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
class _Prepared:
    record: ArticleRecord  # the registry row to commit (or the existing one, when unchanged)
    chunks: list[Chunk] | None  # None: this exact version is already indexed
    base: dict[str, Any]  # metadata every chunk of the article carries
    vectors: list[list[float]] = field(default_factory=list)  # one per chunk, once embedded


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
        self._write_lock = registry.write_lock  # across processes too: see WriteLock

    def chunk(self, text: str) -> list[Chunk]:
        return chunk_text(text, self.count_tokens, **self._chunking)

    def ingest(self, raw: RawArticle) -> IngestResult:
        return self.ingest_many([raw])[0]

    def ingest_many(self, raws: Sequence[RawArticle]) -> list[IngestResult]:
        """Ingest a batch: chunk every article, embed all their chunks in one call, then write them
        all with one Chroma upsert and one registry commit (same write order and crash safety as one
        article at a time: see the module's docstring).

        Why one embedding call: the embedder then runs length-sorted batches of 32 chunks across
        articles instead of 2-5 chunks per article (x1.2 measured by bench/embed_routes.py). Why one
        upsert: Chroma spends ~13 ms a call whatever its size (measured in bench/ingest.py's
        profile: 2.7 of 13 s for 200 articles written one upsert each)."""
        return self._write_many(self._embed([self._prepare(raw) for raw in raws]))

    def _embed(self, prepared: list[_Prepared]) -> list[_Prepared]:
        texts = [c.text for p in prepared if p.chunks is not None for c in p.chunks]
        vectors = iter(self.embeddings.embed_documents(texts))
        for p in prepared:
            p.vectors = [next(vectors) for _ in p.chunks or []]
        return prepared

    def _prepare(self, raw: RawArticle) -> _Prepared:
        """Everything that can fail slowly, before any write; chunks=None when nothing changed."""
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
            return _Prepared(existing, None, {})
        chunks = self.chunk(text)
        base: dict[str, Any] = {"article_id": article_id, "version": version, "title": title}
        extras = {
            "url": raw.url,
            "source": raw.source,
            "published_at": raw.published_at,
            "published_ts": published_ts(raw.published_at),
        }
        base.update({k: v for k, v in extras.items() if v is not None})
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
        return _Prepared(record, chunks, base)

    def _write_many(self, prepared: list[_Prepared]) -> list[IngestResult]:
        results: list[IngestResult | None] = [None] * len(prepared)
        todo: list[tuple[int, _Prepared, bool]] = []  # (position, article, replaces a version)
        with self._write_lock:
            seen: dict[str, str] = {}  # id -> version written earlier in this batch
            for n, p in enumerate(prepared):
                record = p.record
                # Checked again here: another writer, or an earlier copy in this batch, may have
                # written this very version since it was prepared.
                existing = self.registry.get(record.id)
                current = seen.get(record.id, existing.version if existing else None)
                if p.chunks is None or current == record.version:
                    results[n] = IngestResult(record.id, record.chunk_count, "unchanged")
                    continue
                todo.append((n, p, current is not None))
                seen[record.id] = record.version
            if todo:
                self._commit([p for _, p, _ in todo])
            for n, p, replaces in todo:
                results[n] = IngestResult(
                    p.record.id, len(p.chunks or []), "updated" if replaces else "created"
                )
        return [r for r in results if r is not None]

    def _commit(self, batch: list[_Prepared]) -> None:
        """Steps 2-5 of the module's docstring for a batch of articles, under the write lock."""
        pairs = [(p.record.id, p.record.version) for p in batch]
        ids: list[str] = []
        texts: list[str] = []
        vectors: list[list[float]] = []
        metadatas: list[dict[str, Any]] = []
        for p in batch:
            for c, vector in zip(p.chunks or [], p.vectors, strict=True):
                ids.append(f"{p.record.id}:{p.record.version}:{c.index}")
                texts.append(c.text)
                vectors.append(vector)
                metadatas.append(
                    {**p.base, "chunk_index": c.index, "start": c.start, "end": c.end, "tokens": c.tokens}
                )
        self.registry.mark_pending_many(pairs)
        try:
            self.store.add(ids, texts, vectors, metadatas)
            records = [p.record for p in batch]
            if self.registry.keeps_chunk_text:  # Postgres: keyword search reads them from there
                chunks = [ChunkText(*c) for c in zip(ids, texts, metadatas, strict=True)]
                self.registry.commit_articles(records, chunks)
            else:
                self.registry.commit_articles(records)
        except BaseException:
            for article_id, version in pairs:
                self._undo(article_id, version)
            raise
        # Chunks of every version but the committed one (the batch's last of each article).
        for article_id, version in dict(pairs).items():
            self.store.delete_article(article_id, except_version=version)
        self.registry.clear_pending_many(pairs)

    def _undo(self, article_id: str, version: str) -> None:
        try:
            # A commit whose answer was lost (a database server going down mid-COMMIT) may have
            # happened: then the version is the article now, and recover() finishes it.
            committed = self.registry.get(article_id)
            if committed is not None and committed.version == version:
                return
            self.store.delete_version(article_id, version)
            self.registry.clear_pending(article_id, version)
        except Exception:
            pass  # the marker stays: recover() decides once the stores answer again

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
        # Under the write lock, every marker left is from a writer that died: live ones hold it.
        with self._write_lock:
            found = self.registry.pending()
            for article_id, version in found:
                committed = self.registry.get(article_id)
                if committed is None:
                    self.store.delete_article(article_id)
                else:
                    self.store.delete_article(article_id, except_version=committed.version)
                self.registry.clear_pending(article_id, version)
        return len(found)
