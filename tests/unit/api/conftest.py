"""The whole app in process: `create_app(container=...)` around a real MiniLM, a real embedded
Chroma and SQLite in a temporary folder, and a scripted model (tests/fault_llm.py, an
OpenAI-compatible server on 127.0.0.1 in a thread) that the real `openai` SDK talks to. Requests go
through FastAPI's TestClient, in process: a route, limit or error test costs milliseconds.

What the scripted model cannot show (that real answers and briefs are right) the end-to-end tests
in tests/e2e show with the real model."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from index.embed import MiniLMEmbeddings
from service.api import create_app
from service.config import Settings
from service.container import Container
from service.llm import LlmProvider
from tests.fault_llm import FaultyLlm

SEED_ANSWER = "84 women were freed [1]."
BRIDGE = {
    "id": "bridge-1",
    "title": "Bridge opens",
    "text": "The bridge in Exampletown opened on Monday with 12 lanes. The mayor, Ada Fenwick, "
    "said 3,000 cars would cross it each day. Work on it had taken four years.",
}


@pytest.fixture(scope="session")
def scripted() -> Iterator[FaultyLlm]:
    with FaultyLlm(mode="answer", answer=SEED_ANSWER) as llm:
        yield llm


@pytest.fixture(autouse=True)
def scripted_answers(scripted: FaultyLlm) -> Iterator[FaultyLlm]:
    """Every test starts with the model answering, and leaves it so."""
    scripted.mode, scripted.answer, scripted.delay_s, scripted.script = "answer", SEED_ANSWER, 0.0, []
    yield scripted
    scripted.mode, scripted.answer, scripted.delay_s, scripted.script = "answer", SEED_ANSWER, 0.0, []


def settings_for(data_dir: Path, **overrides: Any) -> Settings:
    return Settings(_env_file=None, data_dir=data_dir, recover_interval_s=3600, **overrides)  # type: ignore[call-arg]


def scripted_provider(llm: FaultyLlm, timeout_s: float = 5.0) -> LlmProvider:
    return LlmProvider("openai", "scripted", llm.base_url, "sk-test", timeout_s, 0)


def build(
    data_dir: Path,
    llm: FaultyLlm,
    embeddings: MiniLMEmbeddings,
    provider: LlmProvider | None = None,
    **overrides: Any,
) -> Container:
    return Container(
        settings_for(data_dir, **overrides),
        provider=provider or scripted_provider(llm),
        embeddings=embeddings,
    )


@contextmanager
def serve(container: Container) -> Iterator[TestClient]:
    """The app around this container, its lifespan run (batch worker started) for the block."""
    with TestClient(create_app(container=container), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="module")
def container(
    tmp_path_factory: pytest.TempPathFactory, scripted: FaultyLlm, embeddings: MiniLMEmbeddings
) -> Iterator[Container]:
    parts = build(tmp_path_factory.mktemp("app"), scripted, embeddings)
    yield parts
    parts.close()


@pytest.fixture(scope="module")
def client(container: Container) -> Iterator[TestClient]:
    with serve(container) as http:
        yield http


@pytest.fixture(scope="module")
def impatient(
    tmp_path_factory: pytest.TempPathFactory, scripted: FaultyLlm, embeddings: MiniLMEmbeddings
) -> Iterator[TestClient]:
    """An app whose model deadline is one second, with the bridge story stored: for a model that
    never answers (the scripted "slow" mode sleeps 8 s)."""
    parts = build(
        tmp_path_factory.mktemp("impatient"), scripted, embeddings, provider=scripted_provider(scripted, 1.0)
    )
    with serve(parts) as http:
        assert http.post("/articles", json=BRIDGE).status_code == 200
        yield http
    parts.close()
