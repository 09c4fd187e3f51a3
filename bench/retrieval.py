"""Query latency at 1k, 10k and 100k chunks: Newsdesk's retriever vs the baseline's.

Newsdesk's path is the one /ask uses: `HybridRetriever.search` (MiniLM query embedding, Chroma
HNSW in cosine space, BM25 over the same chunks, RRF). The baseline's is `Chroma.similarity_search`
(sentence-transformers query embedding, Chroma's default collection). "dense only, by vector" is
Newsdesk's Chroma lookup without the query embedding, to show where the time goes.

Embedding 100k real chunks would take hours here, so the collections hold generated chunks:
sentences drawn from the shared articles (numbers shifted, so BM25 sees realistic text) with
random unit vectors. Both stores get the same chunks and vectors, added in bulk (insert speed is the
ingest benchmark's business). Queries are the gold questions; the first query of each size warms
up (loads the HNSW index, builds BM25) and is not timed."""

from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from common import (
    Clock,
    SentenceTransformerEmbeddings,
    gold_questions,
    header,
    percentile,
    row,
    source_articles,
)

SIZES = (1_000, 10_000, 100_000)


def generated_chunks(n: int, seed: int = 7) -> tuple[list[str], np.ndarray]:
    from index.sentences import split_sentences

    sentences = [s.text for a in source_articles() for s in split_sentences(a["text"])]
    rng = random.Random(seed)
    texts = []
    for i in range(n):
        shift = str(i % 97)
        picked = " ".join(rng.choice(sentences) for _ in range(6))
        texts.append(f"{picked} Report {shift}.")
    vectors = np.random.default_rng(seed).standard_normal((n, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return texts, vectors


def fill(collection: Any, texts: list[str], vectors: np.ndarray, batch: int = 5000) -> None:
    for begin in range(0, len(texts), batch):
        end = begin + batch
        collection.upsert(
            ids=[f"c{i}" for i in range(begin, min(end, len(texts)))],
            documents=texts[begin:end],
            embeddings=vectors[begin:end],
            metadatas=[
                {"article_id": f"a{i // 4}", "chunk_index": i % 4} for i in range(begin, min(end, len(texts)))
            ],
        )


def timed(fn: Any, queries: list[str]) -> list[float]:
    fn(queries[0])  # warm-up, untimed
    out = []
    for q in queries:
        with Clock() as clock:
            fn(q)
        out.append(clock.seconds * 1000)
    return out


def bench(sizes: tuple[int, ...] = SIZES, n_queries: int = 60) -> dict[str, Any]:
    from langchain_chroma import Chroma

    from index.embed import MiniLMEmbeddings
    from index.registry import Registry
    from index.store import ChunkStore, make_client
    from service.retrieval import HybridRetriever

    embeddings = MiniLMEmbeddings(threads=2)
    st = SentenceTransformerEmbeddings()
    questions = [q["q"] for q in gold_questions()]
    queries = (questions * (n_queries // len(questions) + 1))[:n_queries]
    query_vectors = {q: embeddings.embed_query(q) for q in set(queries)}
    out: dict[str, Any] = {"retrieval_p95_ms": {}, "retrieval": {}}
    for size in sizes:
        texts, vectors = generated_chunks(size)
        with tempfile.TemporaryDirectory(prefix="bench-retrieval-") as tmp:
            store = ChunkStore(make_client(Path(tmp) / "nd"), "bench", embeddings)
            fill(store._collection, texts, vectors)
            retriever = HybridRetriever(store, Registry(Path(tmp) / "nd.db"))
            baseline = Chroma("baseline", embedding_function=st, persist_directory=str(Path(tmp) / "bl"))  # type: ignore[arg-type]
            fill(baseline._collection, texts, vectors)
            ours = timed(lambda q, r=retriever: r.search(q, 4), queries)
            theirs = timed(lambda q, b=baseline: b.similarity_search(q, k=4), queries)
            by_vector = timed(
                lambda q, s=store: s.vectorstore.similarity_search_by_vector(query_vectors[q], k=12),
                queries,
            )
        figures = {
            "newsdesk_p50_ms": percentile(ours, 50),
            "newsdesk_p95_ms": percentile(ours, 95),
            "baseline_p50_ms": percentile(theirs, 50),
            "baseline_p95_ms": percentile(theirs, 95),
            "dense_by_vector_p95_ms": percentile(by_vector, 95),
        }
        figures = {k: round(v, 1) for k, v in figures.items()}
        out["retrieval"][str(size)] = figures
        out["retrieval_p95_ms"][str(size)] = figures["newsdesk_p95_ms"]
        header(f"retrieval: {size:,} chunks, {len(queries)} queries (lower is better)")
        print(row("p50 ms", figures["newsdesk_p50_ms"], figures["baseline_p50_ms"], "ms"))
        print(row("p95 ms", figures["newsdesk_p95_ms"], figures["baseline_p95_ms"], "ms"))
        print(
            row("p95 ms dense only, by vector", figures["dense_by_vector_p95_ms"], None, "ms (Chroma alone)")
        )
    return out


if __name__ == "__main__":
    from common import print_cpu_line

    print_cpu_line()  # which fast paths these figures ran on
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--queries", type=int, default=60)
    args = parser.parse_args()
    bench(tuple(args.sizes), args.queries)
