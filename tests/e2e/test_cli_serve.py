"""`newsdesk serve` without API keys serves loopback only: it refuses another interface, says so in
its log, asks no key and throttles no one. (Keys and limits themselves: tests/unit/api/test_security.py.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port, no_llm_env, run_service


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
