"""The crash points the kill -9 test can only hit by luck, hit on purpose: a process dies (here: an
exception nobody catches) at a chosen step of an ingest or a delete, and a new Indexer over the
same files must finish or undo it at start-up. Real Registry and Chroma; fake vectors (the
embedder's quality is not under test, and loading it would cost more than the test)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from index.pipeline import Indexer, RawArticle
from index.registry import Registry
from index.store import ChunkStore, make_client


class FakeEmbeddings(Embeddings):
    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [[b / 255 for b in hashlib.sha256(t.encode()).digest()] * 12 for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


class Crash(BaseException):
    """Stands for SIGKILL: not an Exception, so no handler on the way tidies up."""


def open_indexer(tmp: Path) -> tuple[Indexer, ChunkStore, Registry]:
    registry = Registry(tmp / "newsdesk.db")
    store = ChunkStore(make_client(tmp / "chroma"), "chunks", FakeEmbeddings())
    return Indexer(registry, store, FakeEmbeddings(), min_tokens=0), store, registry  # type: ignore[arg-type]


def versions(store: ChunkStore, article_id: str) -> set[str]:
    return {str(c.metadata["version"]) for c in store.chunks_of(article_id)}


TEXT_1 = "The mayor of Exampletown opened a bridge on Monday. " * 30
TEXT_2 = "The council of Exampletown closed a road on Tuesday. " * 30


def test_crash_after_commit_before_old_chunks_are_deleted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    indexer, store, registry = open_indexer(tmp_path)
    indexer.ingest(RawArticle(title="Story", text=TEXT_1, id="a"))
    old = registry.get("a")
    assert old is not None

    def die(*args: object, **kwargs: object) -> None:
        raise Crash

    monkeypatch.setattr(store, "delete_article", die)  # step 5 never happens
    with pytest.raises(Crash):
        indexer.ingest(RawArticle(title="Story", text=TEXT_2, id="a"))
    monkeypatch.undo()
    new = registry.get("a")
    assert new is not None and new.version != old.version  # committed (step 4 done)...
    assert versions(store, "a") == {old.version, new.version}  # ...but the old chunks are still there
    registry.close()

    indexer, store, registry = open_indexer(tmp_path)  # the restart
    assert indexer.recover() == 1
    assert versions(store, "a") == {new.version}
    assert len(store.chunks_of("a")) == new.chunk_count
    assert registry.pending() == []


def test_crash_before_commit_rolls_back_the_new_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    indexer, store, registry = open_indexer(tmp_path)
    indexer.ingest(RawArticle(title="Story", text=TEXT_1, id="a"))
    old = registry.get("a")
    monkeypatch.setattr(registry, "commit_articles", lambda records: (_ for _ in ()).throw(Crash()))
    monkeypatch.setattr(indexer, "_undo", lambda *args: None)  # a killed process tidies nothing
    with pytest.raises(Crash):
        indexer.ingest(RawArticle(title="Story", text=TEXT_2, id="b"))
    monkeypatch.undo()
    registry.close()

    indexer, store, registry = open_indexer(tmp_path)
    assert indexer.recover() == 1
    assert registry.get("b") is None and store.chunks_of("b") == []
    assert old is not None and versions(store, "a") == {old.version}


def test_crash_in_the_middle_of_a_delete(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    indexer, store, registry = open_indexer(tmp_path)
    indexer.ingest(RawArticle(title="Story", text=TEXT_1, id="a"))
    monkeypatch.setattr(store, "delete_article", lambda *a, **k: (_ for _ in ()).throw(Crash()))
    with pytest.raises(Crash):
        indexer.delete("a")
    monkeypatch.undo()
    assert registry.get("a") is None and store.chunks_of("a")  # row gone, chunks orphaned
    registry.close()

    indexer, store, registry = open_indexer(tmp_path)
    assert indexer.recover() == 1
    assert store.chunks_of("a") == [] and store.count() == 0


def test_keyword_index_follows_every_write(tmp_path: Path) -> None:
    """BM25 is rebuilt from the registry's generation counter: an ingest, a changed text and a
    delete must each show in keyword search at once, with no stale chunk left behind."""
    from service.retrieval import HybridRetriever

    indexer, store, registry = open_indexer(tmp_path)
    retriever = HybridRetriever(store, registry, mode="bm25")
    assert retriever.search("bridge", 4) == []
    # BM25 gives no weight to a term that every chunk holds: other articles make the terms rare.
    for n in range(3):
        indexer.ingest(RawArticle(id=f"other-{n}", title="Weather", text=f"Rain fell in region {n}. " * 40))
    indexer.ingest(RawArticle(id="a", title="Bridge", text=TEXT_1))
    assert {d.metadata["article_id"] for d in retriever.search("bridge", 4)} == {"a"}
    indexer.ingest(RawArticle(id="a", title="Road", text=TEXT_2))
    assert retriever.search("bridge", 4) == []
    assert {d.metadata["article_id"] for d in retriever.search("road", 4)} == {"a"}
    indexer.delete("a")
    assert retriever.search("road", 4) == []


def test_a_batch_that_fails_to_commit_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch is written with one upsert and one commit: a failure (here the registry's disk)
    must undo every article of it, in this process, not at the next start."""
    indexer, store, registry = open_indexer(tmp_path)
    indexer.ingest(RawArticle(title="Story", text=TEXT_1, id="a"))
    before = registry.get("a")

    def full_disk(records: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(registry, "commit_articles", full_disk)
    batch = [
        RawArticle(title="Story", text=TEXT_2, id="a"),
        RawArticle(title="Other", text=TEXT_1 + " More.", id="b"),
    ]
    with pytest.raises(OSError):
        indexer.ingest_many(batch)
    monkeypatch.undo()
    assert before is not None and registry.get("a") == before and registry.get("b") is None
    assert versions(store, "a") == {before.version} and store.chunks_of("b") == []
    assert registry.pending() == []


def test_one_batch_with_the_same_article_twice(tmp_path: Path) -> None:
    indexer, store, registry = open_indexer(tmp_path)
    results = indexer.ingest_many(
        [
            RawArticle(title="Story", text=TEXT_1, id="a"),
            RawArticle(title="Story", text=TEXT_1, id="a"),  # the very same version: nothing to do
            RawArticle(title="Story", text=TEXT_2, id="a"),  # a new version: replaces the first
        ]
    )
    assert [r.status for r in results] == ["created", "unchanged", "updated"]
    final = registry.get("a")
    assert final is not None and versions(store, "a") == {final.version}
    assert len(store.chunks_of("a")) == final.chunk_count == results[2].chunk_count
    assert registry.pending() == []
