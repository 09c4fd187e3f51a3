"""Ingest throughput: Newsdesk's Indexer vs the baseline over the same N distinct articles.

Each pipeline runs in its own child process, so peak RSS and CPU-seconds are its own and one
pipeline's warm caches cannot help the other. Model loading is outside the timed region (both
pipelines load once per process in real use); everything else (clean, chunk, embed, Chroma write,
and for Newsdesk the registry commit) is inside it. Rounds alternate baseline/Newsdesk and the
best round of each is kept: the machine is shared, and the best round is the least disturbed."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import Clock, corpus, cpu_seconds, header, peak_rss_mb, ratio, row

REQUEST = 25  # articles per POST /articles in the batched run (the API takes up to 100)


def run_newsdesk(
    articles: list[dict[str, str]], tmp: Path, overlap: int, batch: int, request: int, precision: str = "bf16"
) -> dict[str, Any]:
    """`request` articles per Indexer call: 1 is one POST per article, more is one POST of a list."""
    from index.embed import MiniLMEmbeddings
    from index.pipeline import Indexer, RawArticle
    from index.registry import Registry
    from index.store import ChunkStore, make_client

    embeddings = MiniLMEmbeddings(threads=2, batch_size=batch, precision=precision)  # type: ignore[arg-type]
    embeddings.embed_documents(["warm up the model"])
    store = ChunkStore(make_client(tmp / "chroma"), "bench", embeddings)
    indexer = Indexer(Registry(tmp / "newsdesk.db"), store, embeddings, overlap=overlap)
    embeddings.tokens_embedded = 0
    cpu0, chunks = cpu_seconds(), 0
    with Clock() as clock:
        for begin in range(0, len(articles), request):
            raws = [
                RawArticle(title=a["title"], text=a["text"], id=a["id"]) for a in articles[begin:][:request]
            ]
            chunks += sum(r.chunk_count for r in indexer.ingest_many(raws))
    return _figures(len(articles), chunks, embeddings.tokens_embedded, clock.seconds, cpu_seconds() - cpu0)


def run_baseline(articles: list[dict[str, str]], tmp: Path) -> dict[str, Any]:
    from baseline import Baseline

    from index.tokenizer import load_tokenizer

    baseline = Baseline(tmp / "chroma")
    baseline.embeddings.embed_documents(["warm up the model"])
    cpu0 = cpu_seconds()
    with Clock() as clock:
        for a in articles:
            baseline.ingest(a)
    cpu = cpu_seconds() - cpu0
    # Tokens embedded, counted after the clock stops: sentence-transformers truncates at 256 too.
    tokenizer = load_tokenizer()
    tokenizer.no_padding()
    texts = [d.page_content for a in articles for d in baseline.split(a)]
    tokens = sum(len(e.ids) for e in tokenizer.encode_batch(texts))
    return _figures(len(articles), baseline.chunks_added, tokens, clock.seconds, cpu)


def _figures(articles: int, chunks: int, tokens: int, seconds: float, cpu: float) -> dict[str, Any]:
    return {
        "articles": articles,
        "chunks": chunks,
        "tokens": tokens,
        "seconds": round(seconds, 2),
        "articles_per_s": round(articles / seconds, 3),
        "chunks_per_s": round(chunks / seconds, 2),
        "tokens_per_s": round(tokens / seconds, 1),
        "cpu_s_per_1k_chunks": round(cpu / chunks * 1000, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def child(
    which: str, n: int, overlap: int, batch: int, request: int = 1, precision: str = "bf16"
) -> dict[str, Any]:
    """Runs one pipeline in a fresh interpreter; its last stdout line is the JSON figures."""
    args = [sys.executable, __file__, "--worker", which, "-n", str(n), "--overlap", str(overlap)]
    args += ["--batch", str(batch), "--request", str(request), "--precision", precision]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def bench(
    n: int,
    rounds: int = 1,
    overlap: int | None = None,
    batch: int | None = None,
    precision: str | None = None,
) -> dict[str, Any]:
    from index.cpu import native_precision
    from service.config import Settings

    defaults = Settings()  # the service's own defaults, unless a before/after run overrides them
    overlap = defaults.chunk_overlap_sentences if overlap is None else overlap
    batch = batch or defaults.embed_batch_size
    precision = precision or defaults.embed_precision
    if precision == "auto":  # what the service would pick on this CPU (index/cpu.py), named in the output
        precision = native_precision()
    runs: dict[str, list[dict[str, Any]]] = {"baseline": [], "newsdesk": [], "newsdesk_one_at_a_time": []}
    for _ in range(rounds):
        runs["baseline"].append(child("baseline", n, overlap, batch))
        runs["newsdesk"].append(child("newsdesk", n, overlap, batch, REQUEST, precision))
        runs["newsdesk_one_at_a_time"].append(child("newsdesk", n, overlap, batch, 1, precision))
    best = {k: max(v, key=lambda r: r["articles_per_s"]) for k, v in runs.items()}
    ours, theirs, single = best["newsdesk"], best["baseline"], best["newsdesk_one_at_a_time"]
    header(f"ingest: {n} articles, best of {rounds} round(s), overlap={overlap} batch={batch} {precision}")
    print(f"(newsdesk: POSTs of {REQUEST} articles; baseline: add_documents one article at a time)")
    for key, unit in [
        ("articles_per_s", "articles/s"),
        ("chunks_per_s", "chunks/s"),
        ("tokens_per_s", "tokens embedded/s"),
        ("cpu_s_per_1k_chunks", "CPU-s per 1,000 chunks"),
        ("peak_rss_mb", "MB peak RSS"),
        ("chunks", "chunks"),
        ("tokens", "tokens embedded"),
        ("seconds", "s wall"),
    ]:
        print(row(key, ours[key], theirs[key], unit))
    print(
        row("articles_per_s, one per POST", single["articles_per_s"], theirs["articles_per_s"], "articles/s")
    )
    print(row("chunks_per_s, one per POST", single["chunks_per_s"], theirs["chunks_per_s"], "chunks/s"))
    return {
        "ingest": {"newsdesk": ours, "baseline": theirs, "newsdesk_one_at_a_time": single, "rounds": runs},
        "ingest_ratio": ratio(ours["articles_per_s"], theirs["articles_per_s"]),
        "ingest_ratio_one_at_a_time": ratio(single["articles_per_s"], theirs["articles_per_s"]),
        "ingest_chunks_ratio": ratio(ours["chunks_per_s"], theirs["chunks_per_s"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--overlap", type=int, default=None)
    parser.add_argument("--batch", type=int, default=None)
    parser.add_argument("--request", type=int, default=REQUEST)
    parser.add_argument("--precision", choices=["auto", "bf16", "f32", "int8"], default=None)
    parser.add_argument("--worker", choices=["newsdesk", "baseline"])
    args = parser.parse_args()
    if args.worker:
        articles = corpus(args.n)
        with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
            if args.worker == "newsdesk":
                result = run_newsdesk(
                    articles, Path(tmp), args.overlap, args.batch, args.request, args.precision or "bf16"
                )
            else:
                result = run_baseline(articles, Path(tmp))
        print(json.dumps(result))
        return
    started = time.perf_counter()
    result = bench(args.n, args.rounds, args.overlap, args.batch, args.precision)
    print(f"({time.perf_counter() - started:.0f}s)")


if __name__ == "__main__":
    main()
