"""A model that times out, returns junk, errors or is down: a precise 5xx with a message, nothing stored."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import Service, run_service
from tests.fault_llm import FaultyLlm


@pytest.fixture(scope="module")
def faulty() -> Iterator[FaultyLlm]:
    with FaultyLlm() as llm:
        yield llm


@pytest.fixture(scope="module")
def svc(tmp_path_factory: pytest.TempPathFactory, faulty: FaultyLlm) -> Iterator[Service]:
    env = {
        "OPENAI_API_KEY": "sk-test",
        "OPENAI_BASE_URL": faulty.base_url,
        "OPENAI_MODEL": "faulty",
        "NEWSDESK_LLM_TIMEOUT_S": "2",
        "NEWSDESK_LLM_MAX_RETRIES": "0",
    }
    with run_service(tmp_path_factory.mktemp("faults"), "faults", env) as service:
        response = service.http.post(
            "/articles",
            json={
                "id": "fault-1",
                "title": "Bridge",
                "text": "The bridge in Exampletown opened on Monday with 12 lanes.",
            },
        )
        assert response.status_code == 200, response.text
        yield service


@pytest.mark.parametrize(
    ("mode", "status", "code"),
    [("slow", 504, "llm_timeout"), ("junk", 502, "llm_bad_output"), ("error", 503, "llm_unavailable")],
)
def test_ask_with_a_failing_model(svc: Service, faulty: FaultyLlm, mode: str, status: int, code: str) -> None:
    faulty.mode = mode
    response = svc.http.post("/ask", json={"question": "How many lanes does the bridge have?"})
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("mode", "status", "code"),
    [("slow", 504, "llm_timeout"), ("junk_tool", 502, "llm_bad_output"), ("error", 503, "llm_unavailable")],
)
def test_summary_with_a_failing_model_stores_nothing(
    svc: Service, faulty: FaultyLlm, mode: str, status: int, code: str
) -> None:
    faulty.mode = mode
    response = svc.http.post("/articles/fault-1/summary")
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code
    assert svc.http.get("/articles/fault-1/summary").status_code == 404


def test_model_server_down(tmp_path_factory: pytest.TempPathFactory) -> None:
    from service.providers.llama_server import free_port

    env = {
        "OPENAI_API_KEY": "sk-test",
        "OPENAI_BASE_URL": f"http://127.0.0.1:{free_port()}/v1",
        "NEWSDESK_LLM_TIMEOUT_S": "2",
        "NEWSDESK_LLM_MAX_RETRIES": "0",
    }
    with run_service(tmp_path_factory.mktemp("down"), "down", env) as service:
        service.http.post("/articles", json={"title": "Bridge", "text": "The bridge has 12 lanes."})
        response = service.http.post("/ask", json={"question": "How many lanes?"})
        assert response.status_code == 503
        assert "cannot be reached" in response.json()["error"]["message"]
