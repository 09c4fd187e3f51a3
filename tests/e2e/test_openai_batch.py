"""`newsdesk summarize --openai-batch`: the real CLI against a real Batch API server on 127.0.0.1
(tests/batch_api_server.py) whose batches run on the real GGUF model behind llama-cpp-python's
OpenAI-compatible server. Checks: one verified line per input line, one batch only, and a run killed
mid-poll re-attaches to the same batch when run again. The seed article is read from ../shared; the
short ones are the project's own."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.clean import quote_in
from service.batch import state_path
from service.llm.llama_server import LlamaServer
from service.text.numbers import values
from tests.batch_api_server import BatchApiServer
from tests.conftest import ARTIFACTS, ROOT, isolated_env, local_llama_server, seed_text

SHORT = ROOT / "tests" / "data" / "short_articles.jsonl"
CLI = str(Path(sys.executable).parent / "newsdesk")


@pytest.fixture(scope="module")
def llama() -> Iterator[LlamaServer]:
    with local_llama_server("llama-openai-batch.log") as server:
        yield server


def _env(data_dir: Path, base_url: str | None) -> dict[str, str]:
    env = isolated_env(data_dir, {"NEWSDESK_LLM_TIMEOUT_S": "900"})
    if base_url:
        env.update(OPENAI_API_KEY="sk-local-test", OPENAI_BASE_URL=base_url, OPENAI_MODEL="qwen-local")
    return env


def _summarize(in_path: Path, out_path: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [CLI, "summarize", "--in", str(in_path), "--out", str(out_path), "--openai-batch"]
    return subprocess.Popen(
        [*command, "--poll-interval", "1"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def test_the_embedded_provider_refuses_openai_batch(tmp_path: Path) -> None:
    in_path = tmp_path / "in.jsonl"
    in_path.write_text(SHORT.read_text())
    process = _summarize(in_path, tmp_path / "out.jsonl", _env(tmp_path / "data", None))
    _, err = process.communicate(timeout=120)
    assert process.returncode != 0
    assert "OPENAI_API_KEY" in err.decode() and "--openai-batch" in err.decode(), err.decode()
    assert not (tmp_path / "out.jsonl").exists()


def test_openai_batch_verifies_every_line_and_a_killed_run_reattaches(
    tmp_path: Path, llama: LlamaServer
) -> None:
    seed = seed_text()
    short = SHORT.read_text().splitlines()
    in_path = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": "seed", "title": "Peru operation", "text": seed}), short[0], short[1], "{nope"]
    in_path.write_text("\n".join(lines) + "\n")
    out_path = tmp_path / "out.jsonl"
    # Line 3 fails inside the batch (as an OpenAI 500 would) and must come back by the direct path.
    with BatchApiServer(llama.base_url, fail_custom_ids={"3"}) as api:
        env = _env(tmp_path / "data", api.base_url)
        first = _summarize(in_path, out_path, env)
        deadline = time.monotonic() + 600
        while not (state_path(out_path).exists() and api.batches):
            assert first.poll() is None, first.communicate()[1].decode()[-3000:]
            assert time.monotonic() < deadline, "no batch created in time"
            time.sleep(0.5)
        time.sleep(3)  # a few polls at 1 s
        [batch] = api.batches.values()
        assert batch["status"] in ("validating", "in_progress"), batch  # the seed alone takes a minute
        first.send_signal(signal.SIGKILL)
        (ARTIFACTS / "openai-batch-killed.log").write_bytes(first.communicate()[1])
        assert [r["line"] for r in _lines(out_path)] == [4]  # the bad line, written before the batch
        assert json.loads(state_path(out_path).read_text())["batch_id"] == batch["id"]

        second = _summarize(in_path, out_path, env)
        _, err = second.communicate(timeout=2400)
        (ARTIFACTS / "openai-batch-rerun.log").write_bytes(err)
        assert second.returncode == 0, err.decode()[-3000:]
        assert f"re-attaching to OpenAI batch {batch['id']}" in err.decode()
        assert len(api.batches) == 1 and batch["status"] == "completed"  # paid once
        sent = {r["custom_id"]: r["body"] for r in api.file_lines(batch["input_file_id"])}
        # The failed line went the direct way, with exactly the request its batch line held.
        assert sorted(sent) == ["1", "2", "3"] and api.direct_bodies == [sent["3"]]

    results = {r["line"]: r for r in _lines(out_path)}
    assert len(_lines(out_path)) == 4 and sorted(results) == [1, 2, 3, 4]
    assert "not valid JSON" in results[4]["error"]
    assert not state_path(out_path).exists()
    summary = results[1]["summary"]
    assert results[1]["article_id"] == "seed" and summary["model"] == "qwen-local"
    found = set().union(*(values(c["count"]) for c in summary["how_many"]))
    assert {84, 23} <= found, summary["how_many"]
    for item in summary["who"] + summary["where"] + summary["how_many"]:
        assert quote_in(item["quote"], seed), item
    for n, article_id in ((2, "short-bridge"), (3, "short-harbour")):
        assert results[n]["article_id"] == article_id and results[n]["summary"]["how_many"], results[n]
        text = json.loads(short[n - 2])["text"]
        assert all(quote_in(c["quote"], text) for c in results[n]["summary"]["how_many"])


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
