"""Runs every benchmark; `--json` makes the LAST stdout line one JSON object with every figure.

    .venv/bin/python bench/run.py [--quick] [--json]

--quick keeps each part small (within 10 minutes on 2 idle cores); the full run uses the sizes the
issue asks for (1,000 articles, 1k/10k/100k chunks). The LLM parts share one llama.cpp server."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # so `python bench/run.py` finds its siblings

# Per mode: ingest articles, retrieval sizes, questions, chat turns, summaries, embed-route articles.
PLANS: dict[str, dict[str, Any]] = {
    "quick": {
        "ingest_n": 26,
        "sizes": (1_000, 10_000),
        "questions": 2,
        "chat": 1,
        "summaries": 1,
        "embed_n": 13,
    },
    "full": {
        "ingest_n": 1000,
        "sizes": (1_000, 10_000, 100_000),
        "questions": 6,
        "chat": 2,
        "summaries": 3,
        "embed_n": 26,
    },
}


def main() -> None:
    parser = argparse.ArgumentParser(description="Newsdesk benchmarks against a plain LangChain baseline")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", action="store_true", help="last line: every figure as one JSON object")
    parser.add_argument("--ingest-n", type=int, help="override the number of articles ingested")
    parser.add_argument("--sizes", type=int, nargs="+", help="override the retrieval chunk counts")
    parser.add_argument(
        "--skip", nargs="*", default=[], help="parts to skip: ingest retrieval llm llm_speed limit routes"
    )
    args = parser.parse_args()
    plan = dict(PLANS["quick" if args.quick else "full"])
    if args.ingest_n:
        plan["ingest_n"] = args.ingest_n
    if args.sizes:
        plan["sizes"] = tuple(args.sizes)

    import answers
    import embed_routes
    import ingest
    import limit
    import llm_speed
    import retrieval
    import summaries

    figures: dict[str, Any] = {"mode": "quick" if args.quick else "full", "plan": plan}
    from common import cpu_line

    from index.cpu import features, native_precision
    from service.config import Settings

    embed = Settings(_env_file=None)  # type: ignore[call-arg]
    precision = native_precision() if embed.embed_precision == "auto" else embed.embed_precision
    figures["machine"] = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "cpu_features": features(),
        "cpu_read_without": os.environ.get("NEWSDESK_CPU_WITHOUT", ""),
        "embedder": f"{embed.embed_backend}/{precision}",
    }
    print(f"{cpu_line()}; embedder route: {embed.embed_backend}/{precision}")
    started = time.perf_counter()

    def part(name: str, fn: Any) -> None:
        """One part failing (say the LLM timing out on a loaded machine) must not lose the others."""
        if name in args.skip:
            return
        try:
            figures.update(fn())
        except Exception as exc:
            figures.setdefault("errors", {})[name] = repr(exc)[:300]
            print(f"\n== {name}: FAILED {exc!r}"[:400])

    def llm() -> dict[str, Any]:
        # Answers and summaries share one llama.cpp server but fail separately: a summary timing
        # out on a loaded machine must not lose the answer figures.
        with answers.llm_setup() as (container, baseline):
            part("answers", lambda: answers.bench(container, baseline, plan["questions"], plan["chat"]))
            part("summaries", lambda: summaries.bench(container, baseline, plan["summaries"]))
        return {}

    part("ingest", lambda: ingest.bench(plan["ingest_n"]))
    part("retrieval", lambda: retrieval.bench(plan["sizes"]))
    part("llm", llm)
    # The model's own prompt-reading and writing speed: what the answer figures above rest on, and
    # the figure to compare first when two machines' answer times differ.
    part("llm_speed", lambda: llm_speed.bench(300, 32, 2 if args.quick else 4, "off"))
    part("limit", limit.bench)
    part("routes", lambda: embed_routes.bench(plan["embed_n"]))
    figures["wall_s"] = round(time.perf_counter() - started, 1)
    print(f"\nall benchmarks: {figures['wall_s']:.0f}s")
    if args.json:
        print(json.dumps(figures, default=str))


if __name__ == "__main__":
    main()
