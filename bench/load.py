"""Bounded loopback load test of a real `newsdesk serve`: how many requests per second it holds with
p95 under 1 s, for POST /articles and for retrieval-bound /ask; then a mixed run; then a check that
the article count equals what was acknowledged. (Fuzzing the OpenAPI spec with schemathesis is a
test: tests/e2e/test_schemathesis.py.)

The model is an instant scripted stub (OpenAI-compatible, on 127.0.0.1): /ask then costs what the
service adds around a model (auth, embedding the question, Chroma search, answer checks, citations),
which is what scales with load; the model's own time is measured by `chat_latency.py`.

Every run is bounded: each (route, concurrency) level runs `--seconds` and at most `--max-requests`.
Exit status 1 on any 5xx other than a deliberate 503, or a count mismatch.

    .venv/bin/python bench/load.py --seconds 8 --levels 1,2,4,8
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
from common import ROOT, corpus, percentile

KEY = "load-test-key-0123456789"


@contextlib.contextmanager
def stub_llm() -> Iterator[str]:
    """An instant scripted model (tests/fault_llm.py): the load test measures everything but the LLM."""
    from tests.fault_llm import FaultyLlm

    with FaultyLlm(mode="answer", answer="The police freed the women [1].") as llm:
        yield llm.base_url


@contextlib.contextmanager
def service(tmp: Path, llm_url: str) -> Iterator[str]:
    sys.path.insert(0, str(ROOT))
    from service.llm.llama_server import free_port

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "NEWSDESK_", "CHROMA_"))}
    env |= {
        "NEWSDESK_DATA_DIR": str(tmp / "data"),
        "NEWSDESK_API_KEYS": KEY,
        "NEWSDESK_RATE_LIMIT_PER_MINUTE": "0",
        "OPENAI_API_KEY": "sk-stub",
        "OPENAI_BASE_URL": llm_url,
        "OPENAI_MODEL": "stub",
    }
    cli = str(Path(sys.executable).parent / "newsdesk")
    log = (tmp / "service.log").open("wb")
    process = subprocess.Popen(
        [cli, "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"service did not start; see {tmp / 'service.log'}")
            time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=60)
        log.close()


class Acks:
    """Every article id answered 200, across all phases (the final count must equal it)."""

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.lock = threading.Lock()
        self.articles = itertools.count()
        self.pool = corpus(13 * 40)

    def next_article(self) -> dict[str, str]:
        n = next(self.articles)
        base = self.pool[n % len(self.pool)]
        return {**base, "id": f"load-{n}", "text": f"Load copy {n}.\n\n{base['text']}"}


QUESTIONS = [
    "How many women were freed?",
    "Who led the operation?",
    "Where did the raid take place?",
    "How many people were arrested?",
]


def request_maker(kind: str, acks: Acks) -> Callable[[httpx.Client, int], int]:
    def articles(http: httpx.Client, i: int) -> int:
        body = acks.next_article()
        response = http.post("/articles", json=body)
        if response.status_code == 200:
            with acks.lock:
                acks.ids.add(body["id"])
        return response.status_code

    def ask(http: httpx.Client, i: int) -> int:
        return http.post("/ask", json={"question": QUESTIONS[i % len(QUESTIONS)]}).status_code

    def listing(http: httpx.Client, i: int) -> int:
        return http.get("/articles", params={"limit": 20, "offset": i % 50}).status_code

    return {"articles": articles, "ask": ask, "list": listing}[kind]


def run_level(
    base: str, kinds: list[str], clients: int, seconds: float, max_requests: int, acks: Acks
) -> dict:
    latencies: dict[str, list[float]] = {k: [] for k in kinds}
    statuses: dict[str, Counter[int]] = {k: Counter() for k in kinds}
    budget = itertools.count()
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def client(kind: str) -> None:
        make = request_maker(kind, acks)
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {KEY}"}, timeout=60) as http:
            while time.monotonic() < stop and (i := next(budget)) < max_requests:
                started = time.perf_counter()
                status = make(http, i)
                with lock:
                    latencies[kind].append(time.perf_counter() - started)
                    statuses[kind][status] += 1

    threads = [threading.Thread(target=client, args=(k,)) for k in kinds for _ in range(clients)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    return {
        k: {
            "clients": clients,
            "requests": len(latencies[k]),
            "rps": round(len(latencies[k]) / elapsed, 2),
            "p50_ms": round(percentile(latencies[k], 50) * 1000, 1) if latencies[k] else None,
            "p95_ms": round(percentile(latencies[k], 95) * 1000, 1) if latencies[k] else None,
            "statuses": dict(statuses[k]),
        }
        for k in kinds
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=8.0, help="per level")
    parser.add_argument("--levels", default="1,2,4,8", help="concurrent clients per level")
    parser.add_argument("--max-requests", type=int, default=2000, help="per level")
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",")]
    acks, results, bad = Acks(), [], 0
    with stub_llm() as llm, tempfile.TemporaryDirectory() as tmp, service(Path(tmp), llm) as base:
        for kind in ("articles", "ask"):
            for clients in levels:
                level = run_level(base, [kind], clients, args.seconds, args.max_requests, acks)[kind]
                results.append({"kind": kind, **level})
                print(json.dumps(results[-1]), flush=True)
        mixed = run_level(base, ["articles", "ask", "list"], 2, args.seconds, args.max_requests, acks)
        for kind, level in mixed.items():
            results.append({"kind": f"mixed:{kind}", **level})
            print(json.dumps(results[-1]), flush=True)
        http = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {KEY}"})
        total = http.get("/articles", params={"limit": 1}).json()["total"]
        for r in results:
            bad += sum(n for s, n in r["statuses"].items() if s >= 500 and s != 503)
        print(f"\narticles acknowledged: {len(acks.ids)}  stored: {total}  unexpected 5xx: {bad}")
        for kind in ("articles", "ask"):
            held = [r["rps"] for r in results if r["kind"] == kind and r["p95_ms"] and r["p95_ms"] < 1000]
            print(f"{kind:>8}: {max(held, default=0):.1f} req/s held at p95 < 1 s")
    sys.exit(1 if bad or total != len(acks.ids) else 0)


if __name__ == "__main__":
    from common import print_cpu_line

    print_cpu_line()  # which fast paths these figures ran on
    main()
