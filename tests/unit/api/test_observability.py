"""GET /metrics, X-Request-ID and the JSON access log, in process. The metrics registry is the
process's, shared by every app built in this test run, so each check reads a difference."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from service.container import Container
from tests.fault_llm import FaultyLlm

TEXT = (
    "The ferry between Oswin Point and Larkholm carried 1,283 passengers on its first weekend. "
    "Harbour officials said a second boat would join the route in spring. "
) * 12

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def samples(client: TestClient) -> Samples:
    response = client.get("/metrics")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(response.text)
        for s in family.samples
    }


def value(got: Samples, name: str, **labels: str) -> float:
    return got.get((name, frozenset(labels.items())), 0.0)


@pytest.fixture
def access_log() -> Iterator[list[dict]]:
    lines: list[dict] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(json.loads(record.getMessage()))

    handler = Keep()
    logging.getLogger("newsdesk.access").addHandler(handler)
    yield lines
    logging.getLogger("newsdesk.access").removeHandler(handler)


def test_metrics_count_requests_llm_calls_retrieval_and_storage(
    client: TestClient, container: Container, scripted: FaultyLlm
) -> None:
    before = samples(client)
    stored = client.post("/articles", json={"id": "obs-1", "title": "Ferry", "text": TEXT})
    assert stored.status_code == 200, stored.text
    assert client.get("/articles/obs-1").status_code == 200
    assert client.get("/articles/nope").status_code == 404
    scripted.mode = "error"
    assert client.post("/ask", json={"question": "Who runs the ferry?"}).status_code == 503
    got = samples(client)

    def grew(name: str, **labels: str) -> float:
        return value(got, name, **labels) - value(before, name, **labels)

    assert grew("newsdesk_http_requests_total", method="POST", route="/articles", status="200") == 1
    assert (
        grew("newsdesk_http_requests_total", method="GET", route="/articles/{article_id}", status="404") == 1
    )
    assert grew("newsdesk_http_request_duration_seconds_count", method="POST", route="/ask") == 1
    assert grew("newsdesk_llm_calls_total", outcome="error") >= 1
    assert grew("newsdesk_retrieval_duration_seconds_count") == 1
    assert grew("newsdesk_ingests_total", status="created") == 1
    assert grew("newsdesk_ingest_duration_seconds_count") == 1
    assert value(got, "newsdesk_articles_stored") == container.registry.count()
    assert value(got, "newsdesk_chunks_stored") == container.store.count()
    assert ("newsdesk_llm_tokens_total", frozenset({("direction", "in")})) in got


def test_request_id_header_matches_one_json_log_line(client: TestClient, access_log: list[dict]) -> None:
    response = client.get("/articles", params={"limit": 5})
    request_id = response.headers["x-request-id"]
    assert len(request_id) >= 16
    assert client.get("/articles", headers={"X-Request-ID": "trace-abc.123"}).headers["x-request-id"] == (
        "trace-abc.123"
    )
    assert client.get("/articles", headers={"X-Request-ID": "x" * 65}).headers["x-request-id"] != "x" * 65
    mine = [line for line in access_log if line["request_id"] == request_id]
    assert len(mine) == 1
    assert mine[0]["route"] == "/articles" and mine[0]["status"] == 200 and mine[0]["method"] == "GET"
    assert mine[0]["duration_ms"] >= 0
    assert any(line["request_id"] == "trace-abc.123" for line in access_log)
    unrouted = client.get("/no/such/route")
    assert unrouted.status_code == 404 and access_log[-1]["route"] == "unmatched"


def test_health_names_provider_model_and_embedder(client: TestClient, container: Container) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["provider"] == "openai" and body["model"] == "scripted"
    assert body["embedder"] == f"openvino/{container.embeddings.precision}"
    assert body["articles"] == container.registry.count()
