"""GET /metrics, X-Request-ID and the JSON access log, on a real service (LLM down on purpose:
a failed call must be counted too, and nothing here needs an answer)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import Service, run_service
from tests.e2e.test_security import no_llm_env

TEXT = (
    "The ferry between Oswin Point and Larkholm carried 1,283 passengers on its first weekend. "
    "Harbour officials said a second boat would join the route in spring. "
) * 12


@pytest.fixture(scope="module")
def svc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    with run_service(tmp_path_factory.mktemp("observe"), "observe", no_llm_env()) as service:
        yield service


def samples(svc: Service) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = svc.http.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    out = {}
    for family in text_string_to_metric_families(response.text):
        for s in family.samples:
            out[(s.name, frozenset(s.labels.items()))] = s.value
    return out


def value(got: dict, name: str, **labels: str) -> float:
    return got.get((name, frozenset(labels.items())), 0.0)


def test_metrics_count_requests_llm_calls_retrieval_and_storage(svc: Service) -> None:
    stored = svc.http.post("/articles", json={"id": "obs-1", "title": "Ferry", "text": TEXT})
    assert stored.status_code == 200, stored.text
    chunks = stored.json()["articles"][0]["chunk_count"]
    assert svc.http.get("/articles/obs-1").status_code == 200
    assert svc.http.get("/articles/nope").status_code == 404
    assert svc.http.post("/ask", json={"question": "How many passengers?"}).status_code == 503

    got = samples(svc)
    assert value(got, "newsdesk_http_requests_total", method="POST", route="/articles", status="200") == 1
    assert (
        value(got, "newsdesk_http_requests_total", method="GET", route="/articles/{article_id}", status="404")
        == 1
    )
    assert value(got, "newsdesk_http_request_duration_seconds_count", method="POST", route="/ask") == 1
    assert (
        value(got, "newsdesk_http_request_duration_seconds_bucket", method="GET", route="/health", le="+Inf")
        >= 1
    )
    assert value(got, "newsdesk_llm_calls_total", outcome="error") >= 1
    assert value(got, "newsdesk_retrieval_duration_seconds_count") == 1
    assert value(got, "newsdesk_ingests_total", status="created") == 1
    assert value(got, "newsdesk_articles_stored") == 1
    assert value(got, "newsdesk_chunks_stored") == chunks
    assert ("newsdesk_llm_tokens_total", frozenset({("direction", "in")})) in got


def test_request_id_header_matches_one_json_log_line(svc: Service) -> None:
    response = svc.http.get("/articles", params={"limit": 5})
    request_id = response.headers["x-request-id"]
    assert len(request_id) >= 16
    echoed = svc.http.get("/articles", headers={"X-Request-ID": "trace-abc.123"})
    assert echoed.headers["x-request-id"] == "trace-abc.123"
    hostile = svc.http.get("/articles", headers={"X-Request-ID": "x" * 65})
    assert hostile.headers["x-request-id"] != "x" * 65

    lines = [json.loads(line) for line in svc.log.read_text().splitlines() if line.startswith("{")]
    mine = [line for line in lines if line["request_id"] == request_id]
    assert len(mine) == 1
    assert mine[0]["route"] == "/articles" and mine[0]["status"] == 200
    assert mine[0]["duration_ms"] >= 0 and mine[0]["method"] == "GET"
    assert any(line["request_id"] == "trace-abc.123" for line in lines)
    # Every request of this module got its line, and article text never reached the log.
    assert len(lines) >= 6
    assert "Larkholm" not in svc.log.read_text()
