"""API keys and per-key rate limits, in process (the loopback rule of `newsdesk serve` is a CLI
matter: tests/e2e/test_cli_serve.py)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from index.embed import MiniLMEmbeddings
from tests.fault_llm import FaultyLlm
from tests.unit.api.conftest import build, serve

KEY_A = "ka-" + "7" * 29
KEY_B = "kb-" + "3" * 29
KEY_BURST = "kc-" + "5" * 29
SECRET_TEXT = "The quartermaster of Fennick Cove counted 417 lanterns along the harbour wall."


@pytest.fixture(scope="module")
def keyed(
    tmp_path_factory: pytest.TempPathFactory, scripted: FaultyLlm, embeddings: MiniLMEmbeddings
) -> Iterator[TestClient]:
    parts = build(
        tmp_path_factory.mktemp("keyed"),
        scripted,
        embeddings,
        api_keys=f"{KEY_A}, {KEY_B},{KEY_BURST}",
        rate_limit_per_minute=20,
    )
    with serve(parts) as http:
        yield http
    parts.close()


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_health_and_the_page_are_open(keyed: TestClient) -> None:
    assert keyed.get("/health").status_code == 200
    assert keyed.get("/").status_code == 200 and keyed.get("/web/main.js").status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": f"Bearer {KEY_A}x"},
        {"Authorization": f"Bearer {KEY_A[:-1]}"},
        {"Authorization": f"Basic {KEY_A}"},
        {"Authorization": KEY_A},
        {"Authorization": "Bearer"},
        {"Authorization": f"Bearer {KEY_A},{KEY_B}"},
    ],
    ids=["none", "longer", "prefix", "basic", "bare", "empty", "joined"],
)
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/articles"),
        ("POST", "/articles"),
        ("POST", "/ask"),
        ("POST", "/chat"),
        ("POST", "/v1/chat/completions"),
        ("POST", "/batches"),
        ("GET", "/metrics"),
        ("GET", "/openapi.json"),
        ("GET", "/no/such/route"),
    ],
)
def test_every_route_but_health_needs_a_key(
    keyed: TestClient, headers: dict[str, str], method: str, path: str
) -> None:
    response = keyed.request(method, path, headers=headers, json={"title": "t", "text": SECRET_TEXT})
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error"]["code"] == "unauthorized"


def test_each_configured_key_works(keyed: TestClient) -> None:
    stored = keyed.post(
        "/articles", headers=auth(KEY_A), json={"id": "sec-1", "title": "Lanterns", "text": SECRET_TEXT}
    )
    assert stored.status_code == 200, stored.text
    got = keyed.get("/articles/sec-1", headers=auth(KEY_B))
    assert got.status_code == 200 and got.json()["text"] == SECRET_TEXT
    assert keyed.get("/metrics", headers=auth(KEY_A)).status_code == 200


def test_rate_limit_per_key_answers_429_with_retry_after(keyed: TestClient) -> None:
    statuses = [keyed.get("/articles", headers=auth(KEY_BURST)).status_code for _ in range(30)]
    assert statuses[:15] == [200] * 15, statuses
    assert 429 in statuses, statuses
    limited = keyed.get("/articles", headers=auth(KEY_BURST))
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
    assert limited.json()["error"]["code"] == "rate_limited"
    assert keyed.get("/articles", headers=auth(KEY_B)).status_code == 200  # another key, its own budget


def test_without_keys_nothing_is_asked_or_throttled(client: TestClient) -> None:
    assert [client.get("/articles").status_code for _ in range(30)] == [200] * 30


def test_keys_and_article_text_never_reach_the_log(
    keyed: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        keyed.get("/articles", headers={"Authorization": f"Bearer {KEY_A}-wrong"})
        keyed.post(
            "/articles", headers=auth(KEY_A), json={"id": "sec-2", "title": "Lanterns", "text": SECRET_TEXT}
        )
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert '"status": 401' in logged  # the requests were logged...
    for secret in (KEY_A, KEY_B, KEY_BURST, "417 lanterns", "quartermaster"):
        assert secret not in logged  # ...but neither keys nor article text
