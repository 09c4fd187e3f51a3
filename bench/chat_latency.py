"""Chat latency: time to first token and total time of streamed /chat answers on the embedded model,
and retrieval latency p50/p95 (dense vs hybrid) at 1k, 10k and 50k chunks.

`chat`: starts the real service (tests.conftest.run_service: real HTTP, MiniLM, Chroma, llama.cpp)
with the 13 shared articles, then streams the gold questions and one follow-up per article and
times the first `token` event and the `final` event.

`retrieval`: synthetic chunks (random 150-word texts over a made-up vocabulary, random unit
vectors) written straight into Chroma, so 50k chunks take a minute instead of an hour of
embedding; each query still embeds its text with MiniLM, searches HNSW, and (hybrid) scores BM25
over every chunk. The BM25 build after a change is timed apart: it is paid once per change.

    .venv/bin/python bench/chat_latency.py chat --questions 8 [--prompt-cache-mb 2048]
    .venv/bin/python bench/chat_latency.py retrieval --sizes 1000 10000 50000"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from common import gold_questions, source_articles


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)


def stream_once(http: Any, messages: list[dict[str, str]]) -> dict[str, Any]:
    start = time.perf_counter()
    first = None
    final: dict[str, Any] = {}
    with http.stream("POST", "/chat", json={"messages": messages, "stream": True}) as response:
        for line in response.iter_lines():
            if line.startswith("event: token") and first is None:
                first = time.perf_counter() - start
            elif line.startswith("data: ") and first is not None:
                final = json.loads(line[6:])
    total = time.perf_counter() - start
    return {"ttft_s": first or total, "total_s": total, "answer": final.get("answer", "")}


def bench_chat(n_questions: int, threads: str, prompt_cache_mb: int = 0) -> dict[str, Any]:
    import os

    from tests.conftest import run_service

    os.environ["NEWSDESK_TEST_LLM_THREADS"] = threads
    from service.evaluation.followups import load_followups

    followups = load_followups()
    with (
        tempfile.TemporaryDirectory(prefix="chat-bench-") as tmp,
        run_service(
            Path(tmp), "chat-bench", env={"NEWSDESK_LLM_PROMPT_CACHE_MB": str(prompt_cache_mb)}
        ) as svc,
    ):
        articles = [{**a, "id": a["id"]} for a in source_articles()]
        assert svc.http.post("/articles", json=articles).status_code == 200
        single, follow = [], []
        for q in gold_questions()[::4][:n_questions]:
            single.append(stream_once(svc.http, [{"role": "user", "content": q["q"]}]))
        for pair in followups[: max(1, n_questions // 2)]:
            messages = [
                {"role": "user", "content": pair["first"]},
                {"role": "assistant", "content": pair["first_answer"]},
                {"role": "user", "content": pair["second"]},
            ]
            follow.append(stream_once(svc.http, messages))
    result: dict[str, Any] = {"llm_threads": threads, "prompt_cache_mb": prompt_cache_mb}
    for name, runs in (("single_turn", single), ("follow_up", follow)):
        ttft = [r["ttft_s"] for r in runs]
        total = [r["total_s"] for r in runs]
        result[name] = {
            "n": len(runs),
            "ttft_s_median": round(statistics.median(ttft), 2),
            "ttft_s_max": round(max(ttft), 2),
            "total_s_median": round(statistics.median(total), 2),
            "total_s_max": round(max(total), 2),
        }
    return result


def synthetic(
    n: int, rng: random.Random
) -> tuple[list[str], list[str], list[list[float]], list[dict[str, Any]]]:
    vocabulary = [
        "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(3)) for _ in range(8000)
    ]
    texts, vectors, metas = [], [], []
    for i in range(n):
        words = [*rng.choices(vocabulary, k=150), str(rng.randint(1, 99999))]
        texts.append(" ".join(words) + ".")
        vector = [rng.gauss(0, 1) for _ in range(384)]
        norm = sum(x * x for x in vector) ** 0.5
        vectors.append([x / norm for x in vector])
        metas.append({"article_id": f"s{i // 8}", "version": "v", "title": "synthetic", "chunk_index": i % 8})
    return [f"s{i // 8}:v:{i % 8}" for i in range(n)], texts, vectors, metas


def bench_retrieval(sizes: list[int], queries: int) -> list[dict[str, Any]]:
    from index.embed import MiniLMEmbeddings
    from index.store import ChunkStore, make_client
    from service.retrieval import HybridRetriever

    embeddings = MiniLMEmbeddings(threads=2, batch_size=32)
    questions = [q["q"] for q in gold_questions()]
    rng = random.Random(7)
    out = []
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="retrieval-bench-") as tmp:
            store = ChunkStore(make_client(Path(tmp)), "bench", embeddings)
            ids, texts, vectors, metas = synthetic(size, rng)
            start = time.perf_counter()
            store.add(ids, texts, vectors, metas)
            row: dict[str, Any] = {"chunks": store.count(), "write_s": round(time.perf_counter() - start, 1)}
            for mode in ("dense", "hybrid"):
                retriever = HybridRetriever(store, None, mode=mode)
                start = time.perf_counter()
                retriever.search("warm up", 4)
                row[f"{mode}_first_query_s"] = round(time.perf_counter() - start, 2)  # hybrid: BM25 build
                samples = []
                for i in range(queries):
                    start = time.perf_counter()
                    retriever.search(questions[i % len(questions)], 4)
                    samples.append(time.perf_counter() - start)
                row[f"{mode}_p50_ms"], row[f"{mode}_p95_ms"] = pct(samples, 0.5), pct(samples, 0.95)
            out.append(row)
            print(json.dumps(row), flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    chat = sub.add_parser("chat")
    chat.add_argument("--questions", type=int, default=8)
    chat.add_argument("--threads", default="2", help="NEWSDESK_LLM_THREADS for the service")
    chat.add_argument("--prompt-cache-mb", type=int, default=0, help="llama.cpp's RAM prompt cache; 0 = off")
    retrieval = sub.add_parser("retrieval")
    retrieval.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    retrieval.add_argument("--queries", type=int, default=60)
    args = parser.parse_args()
    if args.what == "chat":
        print(json.dumps(bench_chat(args.questions, args.threads, args.prompt_cache_mb), indent=2))
    else:
        print(json.dumps(bench_retrieval(args.sizes, args.queries), indent=2))


if __name__ == "__main__":
    main()
