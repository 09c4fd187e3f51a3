"""Shared fixtures. The end-to-end tests start the real service as a subprocess (real HTTP, real
models, real Chroma) with its own temporary data dir; the joined GGUF is shared across runs."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

if TYPE_CHECKING:
    from service.llm.llama_server import LlamaServer

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
SEED = SHARED / "seed" / "article.txt"
MODEL_DIR = Path(os.environ.get("NEWSDESK_MODEL_DIR", ROOT / "var" / "models"))
ARTIFACTS = ROOT / "test-artifacts"
# Texts for the embedder's checks (tests/unit/index/test_embed.py, tests/e2e/test_embedder_heavy.py):
# a short and a long one, a question, and one on another subject.
EMBED_TEXTS = [
    "Police freed dozens of women and arrested several suspects in raids across the city.",
    "How many people were arrested?",
    "The central bank held interest rates at 4% for a third month, citing slowing inflation. " * 6,
    "A striker scored twice as the home side won the cup final in extra time.",
]


def free_port() -> int:
    from service.llm.llama_server import free_port as pick

    return pick()


def seed_text() -> str:
    if not SEED.exists():
        pytest.skip(f"{SEED} is missing: the tests read the seed article from ../shared")
    return SEED.read_text(encoding="utf-8")


def dev_articles() -> list[dict[str, str]]:
    path = SHARED / "dev" / "articles.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


class Service:
    def __init__(self, base_url: str, process: subprocess.Popen[bytes], log: Path, data_dir: Path) -> None:
        self.base_url = base_url
        self.process = process
        self.log = log
        self.data_dir = data_dir
        self.http = httpx.Client(base_url=base_url, timeout=900)


def isolated_env(data_dir: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """This process's environment minus any Newsdesk, OpenAI or Chroma setting of its own (a
    developer's .env or key must not leak into a test), pointed at `data_dir` and the shared models."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "NEWSDESK_", "CHROMA_"))}
    return {
        **inherited,
        "NEWSDESK_DATA_DIR": str(data_dir),
        "NEWSDESK_MODEL_DIR": str(MODEL_DIR),
        **(extra or {}),
    }


def no_llm_env(**extra: str) -> dict[str, str]:
    """Settings for a service that needs no model: the OpenAI provider pointed at a closed port on
    loopback, so it starts in seconds and a model call fails at once (503)."""
    return {
        "OPENAI_API_KEY": "sk-test",
        "OPENAI_BASE_URL": f"http://127.0.0.1:{free_port()}/v1",
        "NEWSDESK_LLM_TIMEOUT_S": "2",
        "NEWSDESK_LLM_MAX_RETRIES": "0",
        **extra,
    }


@contextlib.contextmanager
def run_service(
    tmp: Path, name: str, env: dict[str, str] | None = None, timeout_s: float = 600
) -> Iterator[Service]:
    port = free_port()
    data_dir = tmp / name
    data_dir.mkdir(parents=True, exist_ok=True)
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / f"service-{name}.log"
    full_env = isolated_env(
        data_dir,
        {
            "NEWSDESK_LLM_THREADS": os.environ.get("NEWSDESK_TEST_LLM_THREADS", "1"),
            # One thread on a shared 2-core machine: a summary can take minutes under load; the
            # deadline is for production, the fault tests set their own short one.
            "NEWSDESK_LLM_TIMEOUT_S": "900",
            **(env or {}),
        },
    )
    cli = str(Path(sys.executable).parent / "newsdesk")
    with log.open("wb") as out:
        process = subprocess.Popen(
            [cli, "serve", "--port", str(port)], env=full_env, stdout=out, stderr=subprocess.STDOUT, cwd=tmp
        )
    service = Service(f"http://127.0.0.1:{port}", process, log, data_dir)
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"service {name} exited early:\n{log.read_text()[-3000:]}")
            with contextlib.suppress(httpx.HTTPError):
                if service.http.get("/health", timeout=2).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"service {name} not healthy in {timeout_s}s:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)
        yield service
    finally:
        service.http.close()
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def local_llama_server(log_name: str) -> Iterator[LlamaServer]:
    """The embedded GGUF model behind llama-cpp-python's own OpenAI-compatible server on 127.0.0.1:
    the real server the OpenAI-provider tests point `OPENAI_BASE_URL` at."""
    from service.llm.llama_server import LlamaServer
    from service.llm.weights import MODELS, ensure_model_file

    server = LlamaServer(
        ensure_model_file(MODELS["qwen2.5-1.5b"], MODEL_DIR),
        "qwen-local",
        int(os.environ.get("NEWSDESK_TEST_LLM_THREADS", "1")),
        8192,
        ARTIFACTS / log_name,
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    """The service on its embedded offline default: MiniLM + Chroma + llama.cpp child."""
    with run_service(tmp_path_factory.mktemp("embedded"), "embedded") as service:
        yield service
