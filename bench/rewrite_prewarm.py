"""What the rewriter prewarm (service/chat/prewarm.py) saves a follow-up, and what it costs an answer.

Two llama.cpp servers as the service runs them (the answer process, and the rewriter process at
`--nice`), driven over HTTP with the shipped prompts. Per conversation of the packaged follow-ups
(first question, its answer, the follow-up), rounds alternating the order of the two modes:

- `off`: the rewriter last read another conversation; after `--think-s` seconds the follow-up's
  rewrite is timed (its whole conversation is read);
- `on`: the same, but the conversation's prefix is sent to the rewriter as the answer ends (what
  the service does), so the timed rewrite reads only the follow-up.

The rewrites of the two modes are compared word for word (greedy decoding: they should agree).
Then the cost: an answer started at once after a prewarm (a client that does not pause: the worst
case), timed to its first token, against the same answer with no prewarm running.

    .venv/bin/python bench/rewrite_prewarm.py [--rounds 3] [--think-s 3] [--nice 10]"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx
from common import MODEL_DIR, SHARED, as_chat, cpu_line


def main() -> None:
    from service.chat.condense import format_history
    from service.chat.prewarm import prefix_messages
    from service.evaluation.followups import load_followups
    from service.llm.llama_server import LlamaServer
    from service.llm.prompts import load_prompt
    from service.llm.weights import MODELS, ensure_model_file

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--think-s", type=float, default=3.0)
    parser.add_argument("--nice", type=int, default=10, help="the rewriter process's niceness (shipped: 10)")
    args = parser.parse_args()
    print(cpu_line(), f"rewriter nice {args.nice}")
    model = MODELS["qwen2.5-1.5b"]
    path = ensure_model_file(model, MODEL_DIR)
    logs = Path(tempfile.mkdtemp(prefix="prewarm-bench-"))
    main_server = LlamaServer(path, model.repo_id, 2, 4096, logs / "llama.log")
    rewriter = LlamaServer(path, model.repo_id, 2, 2048, logs / "rewriter.log", nice=args.nice)
    http = httpx.Client(timeout=300)

    def post(server: LlamaServer, messages: list[dict[str, str]], max_tokens: int) -> str:
        body = {"model": model.repo_id, "messages": messages, "max_tokens": max_tokens, "temperature": 0}
        response = http.post(f"{server.base_url}/chat/completions", json=body)
        response.raise_for_status()
        return str(response.json()["choices"][0]["message"]["content"])

    def rewrite_messages(history: list[tuple[str, str]], question: str) -> list[dict[str, str]]:
        rendered = load_prompt("condense").format_messages(history=format_history(history), question=question)
        return as_chat(rendered)

    def first_token(messages: list[dict[str, str]]) -> float:
        body = {
            "model": model.repo_id,
            "messages": messages,
            "max_tokens": 24,
            "temperature": 0,
            "stream": True,
        }
        start = time.perf_counter()
        with http.stream("POST", f"{main_server.base_url}/chat/completions", json=body) as response:
            for line in response.iter_lines():
                if line.startswith("data: {") and json.loads(line[6:])["choices"][0]["delta"].get("content"):
                    return time.perf_counter() - start
        return time.perf_counter() - start

    pairs = load_followups()
    other = [("user", "Who won the cup?"), ("assistant", "Tarnbridge won it [1].")]
    text = (SHARED / "seed" / "article.txt").read_text(encoding="utf-8")
    ask = load_prompt("ask")
    answer = as_chat(ask.format_messages(question="How many were arrested?", passages=f"[1] {text[:900]}"))
    before = as_chat(ask.format_messages(question="Who ran it?", passages=f"[1] {text[900:1800]}"))
    times: dict[str, list[float]] = {"off": [], "on": []}
    outputs: dict[str, dict[str, str]] = {"off": {}, "on": {}}
    try:
        main_server.start()
        rewriter.start()
        for r in range(args.rounds):
            for i, pair in enumerate(pairs):
                history = [("user", pair["first"]), ("assistant", pair["first_answer"])]
                for mode in ("off", "on") if (r + i) % 2 == 0 else ("on", "off"):
                    post(rewriter, rewrite_messages(other, "And who scored?"), 1)  # another conversation
                    if mode == "on":
                        post(rewriter, as_chat(prefix_messages(history)), 1)
                    time.sleep(args.think_s)
                    start = time.perf_counter()
                    outputs[mode][pair["id"]] = post(rewriter, rewrite_messages(history, pair["second"]), 64)
                    times[mode].append(time.perf_counter() - start)
            print(f"round {r}: rewrite median off {statistics.median(times['off']):.2f} s, "
                  f"on {statistics.median(times['on']):.2f} s", flush=True)  # fmt: skip
        # The cost to an answer that starts while a prewarm runs (no pause at all).
        cost: dict[str, list[float]] = {"alone": [], "during a prewarm": []}
        for r in range(2 * args.rounds):
            for i, pair in enumerate(pairs[:6]):
                history = [("user", pair["first"]), ("assistant", pair["first_answer"])]
                for mode in (
                    ("alone", "during a prewarm") if (r + i) % 2 == 0 else ("during a prewarm", "alone")
                ):
                    post(rewriter, rewrite_messages(other, "And who scored?"), 1)
                    post(main_server, before, 1)  # the previous question: its rules stay, its passages not
                    warm = threading.Thread(
                        target=post, args=(rewriter, as_chat(prefix_messages(history)), 1)
                    )
                    if mode != "alone":
                        warm.start()
                    cost[mode].append(first_token(answer))
                    if mode != "alone":
                        warm.join()
    finally:
        main_server.stop()
        rewriter.stop()
    differ = [k for k in outputs["off"] if outputs["off"][k].strip() != outputs["on"][k].strip()]
    print(json.dumps({
        "rewrite_s_median": {k: round(statistics.median(v), 2) for k, v in times.items()},
        "rewrite_s_mean": {k: round(statistics.mean(v), 2) for k, v in times.items()},
        "rewrites": len(times["on"]), "rewrites_differ": differ,
        "answer_first_token_s_median": {k: round(statistics.median(v), 2) for k, v in cost.items()},
        "think_s": args.think_s, "rewriter_nice": args.nice,
    }, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
