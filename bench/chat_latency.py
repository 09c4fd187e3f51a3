"""Chat latency: time to first token and total time of streamed /chat answers on the embedded model,
and retrieval latency p50/p95 (dense vs hybrid) at 1k, 10k and 50k chunks.

`chat`: starts the real service (tests.conftest.run_service: real HTTP, MiniLM, Chroma, llama.cpp)
with the 13 shared articles, then streams the gold questions and one follow-up per article and
times the first `token` event and the `final` event.

`retrieval`: synthetic chunks (random 150-word texts over a made-up vocabulary, random unit
vectors) written straight into Chroma, so 50k chunks take a minute instead of an hour of
embedding; each query still embeds its text with MiniLM, searches HNSW, and (hybrid) scores BM25
over every chunk. The BM25 build after a change is timed apart: it is paid once per change.

`chat` runs the service twice, without and with the rewriter process (NEWSDESK_LLM_REWRITER_PROCESS:
the condense step on a second llama.cpp process), unless `--rewriter` names one; `--prewarm both`
runs it without and with the rewriter prewarm (NEWSDESK_LLM_REWRITER_PREWARM, chat/prewarm.py).
Each follow-up comes in a conversation: its first question is asked (not timed), then, after
`--think-s` seconds (3: a reader's pause), the follow-up with the answer the service gave.

`rewrites`: the condense chain alone, per model, on every follow-up pair (dev and own set): each
rewrite printed side by side, and the median time of a rewrite, to judge a smaller rewriter by.

`switches`: the same for follow-ups that change the subject and name it (TOPIC_SWITCHES): what the
rewrite would make of them, what it costs, and how many the chat now skips it for.

    .venv/bin/python bench/chat_latency.py chat --questions 16 [--rewriter on|off] [--prewarm both] [--think-s 3] [--prompt-cache-mb 2048]
    .venv/bin/python bench/chat_latency.py rewrites --models qwen2.5-0.5b qwen2.5-1.5b [--prompt-lookup 0 3 10]
    .venv/bin/python bench/chat_latency.py switches
    .venv/bin/python bench/chat_latency.py retrieval --sizes 1000 10000 50000"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from common import MODEL_DIR, cpu_line, gold_questions, source_articles

# Seconds between a first answer's end and the follow-up: reading a one-sentence answer and typing
# the next question takes a person longer than this; a script that fires at once is `--think-s 0`.
THINK_S = 3.0


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)


def stream_once(http: Any, messages: list[dict[str, str]]) -> dict[str, Any]:
    start = time.perf_counter()
    first = None
    final: dict[str, Any] = {}
    with http.stream("POST", "/chat", json={"messages": messages, "stream": True}) as response:
        if response.status_code != 200:  # an error answers at once: never time it as an answer
            raise RuntimeError(f"/chat {response.status_code}: {response.read().decode()[:300]}")
        for line in response.iter_lines():
            if line.startswith("event: token") and first is None:
                first = time.perf_counter() - start
            elif line.startswith("data: ") and first is not None:
                final = json.loads(line[6:])
    total = time.perf_counter() - start
    return {"ttft_s": first or total, "total_s": total, "answer": final.get("answer", "")}


def bench_chat(
    n_questions: int,
    threads: str,
    prompt_cache_mb: int = 0,
    rewriter: bool = True,
    prewarm: bool = True,
    think_s: float = THINK_S,
) -> dict[str, Any]:
    from tests.conftest import run_service

    os.environ["NEWSDESK_TEST_LLM_THREADS"] = threads
    from service.evaluation.followups import load_followups

    followups = load_followups()
    with (
        tempfile.TemporaryDirectory(prefix="chat-bench-") as tmp,
        run_service(
            Path(tmp),
            "chat-bench",
            env={
                "NEWSDESK_LLM_PROMPT_CACHE_MB": str(prompt_cache_mb),
                "NEWSDESK_LLM_REWRITER_PROCESS": str(rewriter).lower(),
                "NEWSDESK_LLM_REWRITER_PREWARM": str(prewarm).lower(),
            },
        ) as svc,
    ):
        articles = [{**a, "id": a["id"]} for a in source_articles()]
        assert svc.http.post("/articles", json=articles).status_code == 200
        single, follow = [], []
        for q in gold_questions()[::4][:n_questions]:
            single.append(stream_once(svc.http, [{"role": "user", "content": q["q"]}]))
            time.sleep(think_s)  # the same reader's pause: a prewarm then overlaps no timed answer
        for pair in followups[: max(1, n_questions // 2)]:
            # A conversation as a reader has it: the first answer, read, then the follow-up.
            first = [{"role": "user", "content": pair["first"]}]
            answer = stream_once(svc.http, first)["answer"]
            time.sleep(think_s)
            messages = [
                *first,
                {"role": "assistant", "content": answer},
                {"role": "user", "content": pair["second"]},
            ]
            follow.append(stream_once(svc.http, messages))
    result: dict[str, Any] = {
        "llm_threads": threads,
        "prompt_cache_mb": prompt_cache_mb,
        "rewriter_process": rewriter,
        "rewriter_prewarm": prewarm and rewriter,
        "think_s": think_s,
    }
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


# Follow-ups that change the subject and name it, written for this bench about the shared articles:
# the chat skips their rewrite (service/chat/condense.py stands_alone); `switches` shows what the
# rewrite would have made of them and what it would have cost.
TOPIC_SWITCHES = [
    ("How many women were freed in the operation?", "84 women were freed.", "Who leads the Peruvian police?"),
    ("How many women were freed?", "84 women.", "How many arrests did Peruvian police make in Lima?"),
    (
        "What was India's trade with Pakistan worth in April-July?",
        "dollars 186.3m.",
        "What share of Japan's trade did China account for in 2004?",
    ),
    ("How many nominations did Maria Full of Grace get?", "One.", "Which film did Imelda Staunton star in?"),
    ("How much did Blunkett pay back?", "pounds 180.", "What did Gordon Brown announce in the 2005 Budget?"),
    ("How many jobs will go at the brewery?", "240 jobs.", "How many people does Stellgate employ?"),
]


def bench_rewrites(
    models: list[str], lookups: list[int], rounds: int = 1, pairs: list[dict[str, str]] | None = None
) -> dict[str, Any]:
    """Every (model, prompt lookup) set gets its own server, all started at once and asked in turn
    pair by pair, so a slow spell of a shared machine falls on every set alike."""
    from contextlib import ExitStack

    from service.chat.condense import build_condense_chain, clean_rewrite, format_history
    from service.evaluation.followups import load_followups
    from service.llm.llama_server import LlamaServer
    from service.llm.provider import LlmProvider
    from service.llm.weights import MODELS, ensure_model_file

    pairs = pairs or load_followups() + load_followups(
        Path(__file__).parent.parent / "tests" / "data" / "eval"
    )
    labels = [f"{name}, prompt lookup {lookup}" for name in models for lookup in lookups]
    rewrites: dict[str, list[str]] = {}
    took: dict[str, list[float]] = {label: [] for label in labels}
    with tempfile.TemporaryDirectory(prefix="rewrites-") as tmp, ExitStack() as stack:
        chains = []
        for i, (name, lookup) in enumerate((n, k) for n in models for k in lookups):
            model = MODELS[name]
            path = ensure_model_file(model, MODEL_DIR)
            server = LlamaServer(path, model.repo_id, 2, 2048, Path(tmp) / f"{i}.log", prompt_lookup=lookup)
            server.start()
            stack.callback(server.stop)
            llm = LlmProvider("embedded", model.repo_id, server.base_url, "x", 300, 0, server)
            chains.append(build_condense_chain(llm.chat_model(max_tokens=64)))
        for round_ in range(rounds):
            for pair in pairs:
                history = format_history([("user", pair["first"]), ("assistant", pair["first_answer"])])
                for label, chain in zip(labels, chains, strict=True):
                    # The pair before it in the same process left its own state: each call re-reads
                    # the same share of its prompt on every set.
                    start = time.perf_counter()
                    raw = chain.invoke({"history": history, "question": pair["second"]})
                    took[label].append(time.perf_counter() - start)
                    if round_ == 0:
                        fallback = f"{pair['first']} {pair['second']}"
                        rewrites.setdefault(pair["second"], []).append(
                            clean_rewrite(str(raw), fallback, asked=pair["second"])
                        )
    for asked, got in rewrites.items():
        print(json.dumps({"follow_up": asked, **dict(zip(labels, got, strict=True))}))
    same = sum(len(set(got)) == 1 for got in rewrites.values())
    medians = {label: round(statistics.median(t), 2) for label, t in took.items()}
    return {"pairs": len(pairs), "rounds": rounds, "median_rewrite_s": medians, "same_everywhere": same}


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
    chat.add_argument("--rewriter", choices=("on", "off", "both"), default="both")
    chat.add_argument(
        "--prewarm",
        choices=("on", "off", "both"),
        default="on",
        help="the rewriter prewarm (chat/prewarm.py)",
    )
    chat.add_argument("--think-s", type=float, default=THINK_S, help="pause before each follow-up")
    rewrites = sub.add_parser("rewrites")
    rewrites.add_argument("--models", nargs="+", default=["qwen2.5-0.5b", "qwen2.5-1.5b"])
    rewrites.add_argument(
        "--prompt-lookup", type=int, nargs="+", default=[0], help="tokens drafted per step; 0 = off"
    )
    rewrites.add_argument("--rounds", type=int, default=1)
    sub.add_parser("switches", help="the rewrite of follow-ups that change the subject (1.5B model)")
    retrieval = sub.add_parser("retrieval")
    retrieval.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    retrieval.add_argument("--queries", type=int, default=60)
    args = parser.parse_args()
    print(cpu_line())
    if args.what == "chat":
        rewriters = [False, True] if args.rewriter == "both" else [args.rewriter == "on"]
        prewarms = [False, True] if args.prewarm == "both" else [args.prewarm == "on"]
        modes = [(rw, pw) for rw in rewriters for pw in (prewarms if rw else [False])]
        runs = [
            bench_chat(args.questions, args.threads, args.prompt_cache_mb, rw, pw, args.think_s)
            for rw, pw in modes
        ]
        print(json.dumps(runs, indent=2))
        if len(runs) == 2:
            before, after = (r["follow_up"]["ttft_s_median"] for r in runs)
            change = "prewarm" if args.prewarm == "both" else "rewriter process"
            print(f"follow-up first token median, with the {change} / without: x{after / before:.2f}")
    elif args.what == "rewrites":
        print(json.dumps(bench_rewrites(args.models, args.prompt_lookup, args.rounds), indent=2))
    elif args.what == "switches":
        from service.chat.condense import stands_alone

        pairs = [{"first": a, "first_answer": b, "second": c} for a, b, c in TOPIC_SWITCHES]
        result = bench_rewrites(["qwen2.5-1.5b"], [0], 1, pairs)
        result["skipped_by_the_chat"] = sum(stands_alone(p["second"]) for p in pairs)
        print(json.dumps(result, indent=2))
    else:
        print(json.dumps(bench_retrieval(args.sizes, args.queries), indent=2))


if __name__ == "__main__":
    main()
