"""Batch summary throughput.

1. Summaries per minute on the dev articles with the embedded model (service.batch.BatchRunner,
   the code `newsdesk summarize --in --out` runs).
2. The same batch through the OpenAI provider against an OpenAI-compatible server on 127.0.0.1
   (llama-cpp-python's, started here), with concurrency 1 and N: the ratio N/1, measured in one run.

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
        container = Container.build(settings)
        try:
            start = time.perf_counter()
            progress = BatchRunner(container, concurrency).run(in_path, Path(tmp) / "out.jsonl")
            elapsed = time.perf_counter() - start
        finally:
            container.close()
    return {
        "articles": progress.done + progress.failed,
        "failed": progress.failed,
        "seconds": round(elapsed, 1),
        "per_minute": round((progress.done + progress.failed) / elapsed * 60, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=12, help="dev articles to summarise")
    parser.add_argument("--concurrency", type=int, default=4, help="N for the OpenAI-compatible comparison")
    parser.add_argument("--threads", type=int, default=2, help="llama.cpp threads")
    parser.add_argument("--json", action="store_true", help="last line: one JSON object")
    args = parser.parse_args()

    from service.providers.gguf import MODELS, ensure_model_file
    from service.providers.llama_server import LlamaServer

    model_dir = ROOT / "var" / "models"
    lines = DEV.read_text(encoding="utf-8").splitlines()[: args.limit]
    with tempfile.TemporaryDirectory() as tmp:
        in_path = Path(tmp) / "in.jsonl"
        in_path.write_text("\n".join(lines) + "\n")
        base = {"model_dir": model_dir, "llm_threads": args.threads}
        embedded = run_batch(base, in_path, 1)
        print(f"embedded, concurrency 1: {embedded}", flush=True)

        model = MODELS["qwen2.5-1.5b"]
        server = LlamaServer(
            ensure_model_file(model, model_dir), "bench", args.threads, 8192, Path(tmp) / "llama.log"
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
            print(f"openai-compatible, concurrency 1: {one}", flush=True)
            many = run_batch(openai, in_path, args.concurrency)
            print(f"openai-compatible, concurrency {args.concurrency}: {many}", flush=True)
        finally:
            server.stop()
    figures = {
        "embedded_summaries_per_min": embedded["per_minute"],
        "embedded_seconds_per_summary": round(embedded["seconds"] / max(embedded["articles"], 1), 1),
        "openai_c1_per_min": one["per_minute"],
        f"openai_c{args.concurrency}_per_min": many["per_minute"],
        "concurrency_ratio": round(many["per_minute"] / one["per_minute"], 2) if one["per_minute"] else None,
    }
    print(json.dumps(figures) if args.json else "\n".join(f"{k:>32}: {v}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
