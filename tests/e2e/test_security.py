"""API keys, per-key rate limits and the loopback rule, against the real service over HTTP.

The LLM is not needed for any of this, so the service runs on the OpenAI provider pointed at a
closed port: it starts in seconds and nothing here waits for a model."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import Service, free_port, run_service

KEY_A = "ka-" + "7" * 29
KEY_B = "kb-" + "3" * 29
KEY_BURST = "kc-" + "5" * 29
SECRET_TEXT = "The quartermaster of Fennick Cove counted 417 lanterns along the harbour wall."


def no_llm_env(**extra: str) -> dict[str, str]:
    return {
        "OPENAI_API_KEY": "sk-test",
        "OPENAI_BASE_URL": f"http://127.0.0.1:{free_port()}/v1",
        "NEWSDESK_LLM_TIMEOUT_S": "2",
        "NEWSDESK_LLM_MAX_RETRIES": "0",
        **extra,
    }


@pytest.fixture(scope="module")
def svc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    env = no_llm_env(NEWSDESK_API_KEYS=f"{KEY_A}, {KEY_B},{KEY_BURST}", NEWSDESK_RATE_LIMIT_PER_MINUTE="20")
    with run_service(tmp_path_factory.mktemp("security"), "security", env) as service:
        yield service


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_health_is_open(svc: Service) -> None:
    assert svc.http.get("/health").status_code == 200


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
        ("GET", "/metrics"),
        ("GET", "/openapi.json"),
        ("GET", "/no/such/route"),
    ],
)
def test_every_route_but_health_needs_a_key(
    svc: Service, headers: dict[str, str], method: str, path: str
) -> None:
    response = svc.http.request(method, path, headers=headers, json={"title": "t", "text": SECRET_TEXT})
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error"]["code"] == "unauthorized"


def test_each_configured_key_works(svc: Service) -> None:
    stored = svc.http.post(
        "/articles", headers=auth(KEY_A), json={"id": "sec-1", "title": "Lanterns", "text": SECRET_TEXT}
    )
    assert stored.status_code == 200, stored.text
    got = svc.http.get("/articles/sec-1", headers=auth(KEY_B))
    assert got.status_code == 200 and got.json()["text"] == SECRET_TEXT
    assert svc.http.get("/metrics", headers=auth(KEY_A)).status_code == 200


def test_rate_limit_per_key_answers_429_with_retry_after(svc: Service) -> None:
    statuses = [svc.http.get("/articles", headers=auth(KEY_BURST)).status_code for _ in range(30)]
    assert statuses[:15] == [200] * 15, statuses
    assert 429 in statuses, statuses
    limited = svc.http.get("/articles", headers=auth(KEY_BURST))
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) >= 1
    assert limited.json()["error"]["code"] == "rate_limited"
    # Another key has its own budget.
    assert svc.http.get("/articles", headers=auth(KEY_B)).status_code == 200


def test_keys_and_article_text_never_reach_the_log(svc: Service) -> None:
    svc.http.get("/articles", headers={"Authorization": f"Bearer {KEY_A}-wrong"})
    log = svc.log.read_text(errors="replace")
    assert '"status": 401' in log  # the requests above were logged...
    for secret in (KEY_A, KEY_B, KEY_BURST, "417 lanterns", "quartermaster"):
        assert secret not in log  # ...but neither keys nor article text


def test_serve_refuses_a_public_interface_without_keys(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "OPENAI_"))}
    env["NEWSDESK_DATA_DIR"] = str(tmp_path)
    cli = str(Path(sys.executable).parent / "newsdesk")
    done = subprocess.run(
        [cli, "serve", "--host", "0.0.0.0", "--port", str(free_port())],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "without API keys" in done.stderr


def test_keyless_service_says_it_is_loopback_only(tmp_path_factory: pytest.TempPathFactory) -> None:
    env = no_llm_env(NEWSDESK_RATE_LIMIT_PER_MINUTE="5")
    with run_service(tmp_path_factory.mktemp("keyless"), "keyless", env) as service:
        # No keys, no per-key budget: local tools are not throttled.
        assert [service.http.get("/articles").status_code for _ in range(12)] == [200] * 12
        assert "bound to loopback only" in service.log.read_text()
        with pytest.raises(httpx.HTTPError):
            # Nothing listens on another interface: the port is bound to 127.0.0.1 alone.
            httpx.get(service.base_url.replace("127.0.0.1", "127.0.0.2"), timeout=2)
