"""How fast the embedded model reads a prompt and writes tokens on this CPU: llama.cpp's own speed,
below every answer and summary figure, so that time-to-first-token figures from different machines
can be read side by side (a prompt of N new tokens costs about N / prompt tok/s before the first
token, whatever the service does around it).

One in-process llama.cpp model with the service's settings (2 threads, n_batch 512, no logits of
prompt tokens kept), a prompt of `--tokens` tokens cut from the seed article (read from ../shared
at run time), read from an empty cache, then `--generate` tokens written greedily; best and median
of `--rounds`. `--flash both` runs every round with and without flash attention, in turn.

    .venv/bin/python bench/llm_speed.py [--tokens 300] [--generate 32] [--rounds 4] [--flash off|on|both]"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from typing import Any

from common import MODEL_DIR, SHARED, cpu_line


def model_path() -> str:
    """The answer model's file, found as the service finds it (the folder may hold the rewriter's too)."""
    from service.config import Settings
    from service.llm.weights import MODELS, ensure_model_file

    return str(ensure_model_file(MODELS[Settings.model_fields["llm_model"].default], MODEL_DIR))


def one_round(llm: Any, tokens: list[int], generate: int) -> tuple[float, float]:
    """(prompt tokens/s, generated tokens/s) for one read of `tokens` from an empty cache."""
    llm.reset()
    start = time.perf_counter()
    llm.eval(tokens)
    read = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(generate):
        llm.eval([llm.sample(temp=0.0)])
    written = time.perf_counter() - start
    return len(tokens) / read, generate / written


def bench(n_tokens: int, generate: int, rounds: int, flash: str) -> dict[str, Any]:
    from llama_cpp import Llama

    settings = {"off": [False], "on": [True], "both": [False, True]}[flash]
    models = {
        fa: Llama(
            model_path(),
            n_threads=2,
            n_threads_batch=2,
            n_ctx=4096,
            n_batch=512,
            flash_attn=fa,
            logits_all=False,
            verbose=False,
        )
        for fa in settings
    }
    text = (SHARED / "seed" / "article.txt").read_text()
    tokens = next(iter(models.values())).tokenize(text.encode())[:n_tokens]
    runs: dict[bool, list[tuple[float, float]]] = {fa: [] for fa in settings}
    for llm in models.values():  # warm-up: the first read maps the weights and picks kernels
        one_round(llm, tokens[:32], 4)
    for _ in range(rounds):
        for fa, llm in models.items():
            runs[fa].append(one_round(llm, tokens, generate))
    print(f"\n== llama.cpp speed: {len(tokens)}-token prompt, {generate} tokens written, {rounds} rounds")
    print(cpu_line())
    result: dict[str, Any] = {"prompt_tokens": len(tokens), "generated": generate, "sets": {}}
    for fa, got in runs.items():
        read = [r for r, _ in got]
        write = [w for _, w in got]
        name = "flash_attn" if fa else "base"
        result["sets"][name] = {
            "prompt_tok_s_best": round(max(read), 1),
            "prompt_tok_s_median": round(statistics.median(read), 1),
            "gen_tok_s_best": round(max(write), 1),
            "gen_tok_s_median": round(statistics.median(write), 1),
        }
        print(
            f"{name:<11} prompt {max(read):6.1f} tok/s best, {statistics.median(read):6.1f} median;"
            f" writing {max(write):5.1f} tok/s best, {statistics.median(write):5.1f} median"
        )
    return {"llm_speed": result}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokens", type=int, default=300)
    parser.add_argument("--generate", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--flash", choices=("off", "on", "both"), default="off")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    out = bench(args.tokens, args.generate, args.rounds, args.flash)
    if args.json:
        print(json.dumps(out))
