"""Retrieval recall@k on the gold questions: dense (Chroma + MiniLM) vs BM25 vs hybrid (RRF).

A question is a hit at k when one of the top k chunks belongs to the question's article AND holds
the gold answer (or an alias) after the eval's normalisation. `--copies N` adds N altered copies of
every article (paragraphs rotated, numbers shifted: see common.variant) as distractors, which is
closer to a real collection where many stories look alike. Articles are read from ../shared at run
time; only ids and scores are printed.

`--postgres` builds the same collection on a throwaway Postgres cluster (tests/postgres.py), written
through the service's own commits, and adds Postgres full text alone (`fulltext`) and fused with
dense (`hybrid-pg`, what /ask runs with NEWSDESK_DATABASE_URL) beside in-process BM25, same chunks.

    .venv/bin/python bench/retrieval_recall.py --copies 0 --copies 3 [--backend torch] [--postgres] [--json]"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from common import cpu_line, gold_questions, source_articles, variant

KS = (1, 3, 4, 5, 10)
MODES = ("dense", "bm25", "hybrid")
PG_MODES = ("fulltext", "hybrid-pg")


@contextlib.contextmanager
def registry_for(tmp: Path, postgres: bool) -> Iterator[Any]:
    """The SQLite registry, or the Postgres one on a throwaway cluster (removed at the end)."""
    from index.registry import Registry

    if not postgres:
        registry = Registry(tmp / "newsdesk.db")
        yield registry
        registry.close()
        return
    from index.shared import Database, PostgresRegistry
    from service.text import tokenize
    from tests.postgres import postgres_server

    with postgres_server() as server:
        database = Database(server.url)
        database.create_schema()
        yield PostgresRegistry(database, tokenize)
        database.close()


def build(registry: Any, tmp: Path, copies: int, embedder: dict[str, str]) -> Any:
    from index.embed import MiniLMEmbeddings
    from index.pipeline import Indexer, RawArticle
    from index.store import ChunkStore, make_client

    embeddings = MiniLMEmbeddings(threads=2, batch_size=32, **embedder)  # type: ignore[arg-type]
    store = ChunkStore(make_client(tmp / "chroma"), "recall", embeddings)
    indexer = Indexer(registry, store, embeddings)
    for article in source_articles():
        for n in range(copies + 1):
            aid = article["id"] if n == 0 else f"{article['id']}-copy{n}"
            indexer.ingest(RawArticle(title=article["title"], text=variant(article["text"], n), id=aid))
    return store


def retriever_for(mode: str, store: Any, registry: Any) -> Any:
    from service.retrieval import FullTextSearch, HybridRetriever

    if mode in PG_MODES:
        fulltext = FullTextSearch(registry.db)
        return HybridRetriever(store, registry, "bm25" if mode == "fulltext" else "hybrid", fulltext)
    return HybridRetriever(store, registry, mode=mode)


def measure(copies: int, embedder: dict[str, str], postgres: bool = False) -> dict[str, Any]:
    from service.evaluation import answer_matches

    questions = gold_questions()
    modes = MODES + PG_MODES if postgres else MODES
    with tempfile.TemporaryDirectory(prefix="recall-") as tmp, registry_for(Path(tmp), postgres) as registry:
        store = build(registry, Path(tmp), copies, embedder)
        result: dict[str, Any] = {
            **embedder,
            "copies": copies,
            "chunks": store.count(),
            "questions": len(questions),
        }
        misses: dict[str, list[str]] = {}
        for mode in modes:
            retriever = retriever_for(mode, store, registry)
            retriever.search("warm up", 1)
            hits = dict.fromkeys(KS, 0)
            start = time.perf_counter()
            for q in questions:
                docs = retriever.search(q["q"], max(KS))
                first = next(
                    (
                        rank
                        for rank, d in enumerate(docs, 1)
                        if d.metadata.get("article_id") == q["article_id"]
                        and answer_matches(d.page_content, q["answers"][0], q["answers"][1:])
                    ),
                    None,
                )
                for k in KS:
                    hits[k] += int(first is not None and first <= k)
                if first is None or first > 4:
                    misses.setdefault(mode, []).append(q["q"])
            per_query_ms = (time.perf_counter() - start) / len(questions) * 1000
            result[mode] = {f"recall@{k}": round(hits[k] / len(questions), 3) for k in KS}
            result[mode]["ms_per_query"] = round(per_query_ms, 1)
        result["missed_at_4"] = misses
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, action="append", help="distractor copies per article")
    parser.add_argument("--backend", choices=["openvino", "torch"], default="openvino")
    parser.add_argument("--precision", choices=["auto", "bf16", "f32", "int8"], default="auto")
    parser.add_argument(
        "--postgres", action="store_true", help="also Postgres full text (a throwaway cluster)"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.precision == "auto":  # what the service picks on this CPU (index/cpu.py)
        from index.cpu import native_precision

        args.precision = native_precision()
    print(cpu_line(), file=sys.stderr if args.json else sys.stdout)
    embedder = {"backend": args.backend, "precision": args.precision}
    results = [measure(c, embedder, args.postgres) for c in args.copies or [0]]
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for r in results:
        print(
            f"{args.backend}/{args.precision} copies={r['copies']} chunks={r['chunks']} questions={r['questions']}"
        )
        for mode in MODES + (PG_MODES if args.postgres else ()):
            cells = "  ".join(f"@{k}={r[mode][f'recall@{k}']:.3f}" for k in KS)
            print(f"  {mode:7s} {cells}  {r[mode]['ms_per_query']} ms/query")


if __name__ == "__main__":
    main()
