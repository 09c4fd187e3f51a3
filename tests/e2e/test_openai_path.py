"""The OpenAI provider against a real OpenAI-compatible server: llama-cpp-python's own, started here
on 127.0.0.1 with the embedded model. Ask and summarise go through `ChatOpenAI` unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from service.llm.llama_server import LlamaServer
from service.text.numbers import values
from tests.conftest import Service, local_llama_server, run_service, seed_text


@pytest.fixture(scope="module")
def openai_server() -> Iterator[LlamaServer]:
    with local_llama_server("llama-openai-path.log") as server:
        yield server


@pytest.fixture(scope="module")
def svc(tmp_path_factory: pytest.TempPathFactory, openai_server: LlamaServer) -> Iterator[Service]:
    env = {
        "OPENAI_API_KEY": "sk-local-test",
        "OPENAI_BASE_URL": openai_server.base_url,
        "OPENAI_MODEL": "qwen-local",
    }
    with run_service(Path(tmp_path_factory.mktemp("openai")), "openai", env) as service:
        yield service


def test_openai_provider_asks_and_summarises(svc: Service) -> None:
    health = svc.http.get("/health").json()
    assert health["provider"] == "openai" and health["model"] == "qwen-local"
    article = svc.http.post("/articles", json={"title": "Peru operation", "text": seed_text()}).json()[
        "articles"
    ][0]
    answer = svc.http.post("/ask", json={"question": "How many people were arrested?"}).json()
    assert not answer["abstained"] and 23 in values(answer["answer"]), answer
    assert answer["citations"] and answer["citations"][0]["article_id"] == article["id"]
    summary = svc.http.post(f"/articles/{article['id']}/summary")
    assert summary.status_code == 200, summary.text
    assert any(84 in values(c["count"]) for c in summary.json()["how_many"]), summary.json()
    assert summary.json()["model"] == "qwen-local"
