"""llama.cpp's own options on this CPU: time to first token and total time of /ask-shaped prompts
(system prompt, tight-context passages, question) under each option set, and whether the greedy
answers stay the same.

Option sets (each a llama.cpp child server of its own, 2 threads, run in turn over the same prompts,
rounds interleaved so a burst of load from other tenants does not land on one set only):
  logits_all   llama-cpp-python's default: the logits of every prompt token are kept
  base         --logits_all false (what Newsdesk runs)
  flash        base + --flash_attn true
  lookup       base + prompt-lookup decoding, 10 tokens drafted a step

The prompts are built from the shared dev questions (read from ../shared at run time) through the
service's own retrieval and tight context; each set's first prompt warms the system-prompt prefix
and is not timed, as the service's would be after its first question.

    .venv/bin/python bench/llm_options.py [--questions 12] [--rounds 2] [--json]"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from common import MODEL_DIR, as_chat, cpu_line, gold_questions, header, source_articles

SETS: dict[str, dict[str, Any]] = {
    "logits_all": {"logits_all": True},
    "base": {},
    "flash": {"flash_attn": True},
    "lookup": {"prompt_lookup": 10},
}


def prompts(n: int) -> list[list[dict[str, str]]]:
    from service.answers.chain import answer_inputs
    from service.articles import ArticleIn
    from service.config import Settings
    from service.container import Container
    from service.llm import offline_provider
    from service.llm.prompts import load_prompt

    with tempfile.TemporaryDirectory(prefix="bench-llm-options-") as tmp:
        settings = Settings(_env_file=None, data_dir=Path(tmp))  # type: ignore[call-arg]
        container = Container(settings, provider=offline_provider(settings))
        try:
            container.articles.ingest(
                [ArticleIn(title=a["title"], text=a["text"], id=a["id"]) for a in source_articles()]
            )
            out = []
            for q in gold_questions()[:n]:
                docs = container.asker.retrieve(q["q"], None, None)
                out.append(as_chat(load_prompt("ask").format_messages(**answer_inputs(q["q"], docs))))
            return out
        finally:
            container.close()


def server(options: dict[str, Any], log: Path) -> Any:
    from service.llm.llama_server import LlamaServer
    from service.llm.weights import MODELS, ensure_model_file

    class Variant(LlamaServer):
        def command(self) -> list[str]:
            command = super().command()
            if options.get("logits_all"):  # put back llama-cpp-python's default
                at = command.index("--logits_all")
                command[at + 1] = "true"
            return command

    path = ensure_model_file(MODELS["qwen2.5-1.5b"], MODEL_DIR)
    return Variant(
        path,
        "q",
        2,
        8192,
        log,
        flash_attn=bool(options.get("flash_attn")),
        prompt_lookup=int(options.get("prompt_lookup", 0)),
    )


def timed(base_url: str, messages: list[dict[str, str]]) -> tuple[float, float, str]:
    start, first, text = time.perf_counter(), None, ""
    body = {"messages": messages, "temperature": 0, "max_tokens": 120, "stream": True}
    with httpx.stream("POST", f"{base_url}/chat/completions", json=body, timeout=600) as response:
        for line in response.iter_lines():
            if not line.startswith("data: ") or line == "data: [DONE]":
                continue
            delta = json.loads(line[6:])["choices"][0]["delta"].get("content") or ""
            if delta and first is None:
                first = time.perf_counter() - start
            text += delta
    total = time.perf_counter() - start
    return first or total, total, text


def bench(n_questions: int, rounds: int) -> dict[str, Any]:
    cases = prompts(n_questions)
    runs: dict[str, dict[str, list[float]]] = {name: {"ttft": [], "total": []} for name in SETS}
    answers: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory(prefix="llm-options-") as tmp:
        for _ in range(rounds):
            for name, options in SETS.items():
                llama = server(options, Path(tmp) / f"{name}.log")
                llama.start()
                try:
                    timed(llama.base_url, cases[0])  # warms the shared system-prompt prefix
                    texts = []
                    for case in cases[1:]:
                        ttft, total, text = timed(llama.base_url, case)
                        runs[name]["ttft"].append(ttft)
                        runs[name]["total"].append(total)
                        texts.append(text)
                    answers[name] = texts
                finally:
                    llama.stop()
    header(f"llama.cpp options: {len(cases) - 1} /ask prompts x {rounds} round(s), 2 threads; {cpu_line()}")
    base = statistics.mean(runs["base"]["ttft"])
    result: dict[str, Any] = {"cpu": cpu_line()}
    for name, times in runs.items():
        ttft, total = statistics.mean(times["ttft"]), statistics.mean(times["total"])
        same = sum(a == b for a, b in zip(answers[name], answers["base"], strict=True))
        print(
            f"{name:<12} TTFT {ttft:6.2f} s (x{ttft / base:.2f} of base)  total {total:6.2f} s  answers as base: {same}/{len(cases) - 1}"
        )
        result[name] = {"ttft_s": round(ttft, 3), "total_s": round(total, 3), "same_answers": same}
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = bench(args.questions + 1, args.rounds)
    if args.json:
        print(json.dumps(figures))
