"""Batch summary throughput.

1. Summaries per minute on the dev articles with the embedded model (service.batch.BatchRunner,
   the code `newsdesk summarize --in --out` runs).
2. The same batch through the OpenAI provider against an OpenAI-compatible server on 127.0.0.1
   (llama-cpp-python's, started here), with concurrency 1 and N: the ratio N/1, measured in one run.
   llama-cpp-python's server runs one request at a time on the 2 cores, so this ratio shows what
   concurrency cannot buy from a local model (about 1), not what it buys from a hosted API.
3. The same batch, concurrency 1 and N, against a scripted OpenAI-compatible server on 127.0.0.1
   (tests/fault_llm.py) that takes --latency seconds per call, as a hosted API does, and answers
   every 5th call with 429: the ratio N/1 shows requests really in flight at once, and the 429s
   show the SDK's retries with backoff (every line must still succeed).

Usage: .venv/bin/python bench/batch_throughput.py [--limit N] [--concurrency N] [--threads T] [--json]
Reads the articles from ../shared/data/dev at run time (never copied into the project)."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEV = ROOT.parent / "shared" / "data" / "dev" / "articles.jsonl"


def run_batch(settings_update: dict[str, object], in_path: Path, concurrency: int) -> dict[str, float]:
    from service.batch import BatchRunner
    from service.config import Settings
    from service.container import Container

    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        settings = Settings(**{"data_dir": Path(tmp), **settings_update})  # type: ignore[arg-type]
        container = Container(settings)
        try:
            start = time.perf_counter()
            progress = BatchRunner(container.articles, container.summarizer, concurrency).run(
                in_path, Path(tmp) / "out.jsonl"
            )
            elapsed = time.perf_counter() - start
        finally:
            container.close()
    return {
        "articles": progress.done + progress.failed,
        "failed": progress.failed,
        "seconds": round(elapsed, 1),
        "per_minute": round((progress.done + progress.failed) / elapsed * 60, 2),
    }


def llama_legs(
    base: dict[str, object], in_path: Path, model_dir: Path, threads: int, concurrency: int
) -> dict[str, object]:
    from service.llm.llama_server import LlamaServer
    from service.llm.weights import MODELS, ensure_model_file

    embedded = run_batch(base, in_path, 1)
    print(f"embedded, concurrency 1: {embedded}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        model = MODELS["qwen2.5-1.5b"]
        server = LlamaServer(
            ensure_model_file(model, model_dir), "bench", threads, 8192, Path(tmp) / "llama.log"
        )
        server.start()
        try:
            openai = {
                **base,
                "openai_api_key": "sk-bench",
                "openai_base_url": server.base_url,
                "openai_model": "bench",
            }
            one = run_batch(openai, in_path, 1)
            print(f"llama.cpp server, concurrency 1: {one}", flush=True)
            many = run_batch(openai, in_path, concurrency)
            print(f"llama.cpp server, concurrency {concurrency}: {many}", flush=True)
        finally:
            server.stop()
    return {
        "embedded_summaries_per_min": embedded["per_minute"],
        "embedded_seconds_per_summary": round(embedded["seconds"] / max(embedded["articles"], 1), 1),
        "llama_server_c1_per_min": one["per_minute"],
        f"llama_server_c{concurrency}_per_min": many["per_minute"],
        "llama_server_concurrency_ratio": round(many["per_minute"] / one["per_minute"], 2)
        if one["per_minute"]
        else None,
    }


def scripted_legs(
    base: dict[str, object], in_path: Path, latency: float, concurrency: int
) -> dict[str, object]:
    from tests.fault_llm import FaultyLlm

    out: dict[str, object] = {}
    for n in (1, concurrency):
        with FaultyLlm("answer", delay_s=latency, rate_limit_every=5) as llm:
            openai = {
                **base,
                "openai_api_key": "sk-bench",
                "openai_base_url": llm.base_url,
                "openai_model": "scripted",
                "llm_max_retries": 4,
            }
            result = run_batch(openai, in_path, n)
            print(
                f"scripted {latency}s server, concurrency {n}: {result}, 429s {llm.rate_limited}", flush=True
            )
        out[f"scripted_c{n}_per_min"] = result["per_minute"]
        out[f"scripted_c{n}_failed"] = result["failed"]
        out[f"scripted_c{n}_429s_retried"] = llm.rate_limited
    c1, cn = out["scripted_c1_per_min"], out[f"scripted_c{concurrency}_per_min"]
    out["scripted_concurrency_ratio"] = round(float(cn) / float(c1), 2) if c1 else None  # type: ignore[arg-type]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=12, help="dev articles to summarise")
    parser.add_argument("--concurrency", type=int, default=4, help="N for the OpenAI-compatible comparison")
    parser.add_argument("--threads", type=int, default=2, help="llama.cpp threads")
    parser.add_argument("--latency", type=float, default=3.0, help="scripted server seconds per call")
    parser.add_argument("--skip-llama", action="store_true", help="only the scripted-server leg")
    parser.add_argument("--json", action="store_true", help="last line: one JSON object")
    args = parser.parse_args()

    model_dir = ROOT / "var" / "models"
    lines = DEV.read_text(encoding="utf-8").splitlines()[: args.limit]
    with tempfile.TemporaryDirectory() as tmp:
        in_path = Path(tmp) / "in.jsonl"
        in_path.write_text("\n".join(lines) + "\n")
        base = {"model_dir": model_dir, "llm_threads": args.threads}
        figures: dict[str, object] = {}
        if not args.skip_llama:
            figures.update(llama_legs(base, in_path, model_dir, args.threads, args.concurrency))
        figures.update(scripted_legs(base, in_path, args.latency, args.concurrency))
    print(json.dumps(figures) if args.json else "\n".join(f"{k:>32}: {v}" for k, v in figures.items()))


if __name__ == "__main__":
    from common import print_cpu_line

    print_cpu_line()  # which fast paths these figures ran on
    main()
