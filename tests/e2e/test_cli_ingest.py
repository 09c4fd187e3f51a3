"""`newsdesk ingest FILE.jsonl`: real CLI process, real embedder, real Chroma on disk.

Good records are written in groups; a malformed line, a record with no text and one with a
binary text are each reported as themselves and sink none of their neighbours. A second run
changes nothing. The articles are the project's own (tests/data/short_articles.jsonl)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from index.registry import Registry
from tests.conftest import ROOT, isolated_env

SHORT = ROOT / "tests" / "data" / "short_articles.jsonl"


def _ingest(path: Path, data_dir: Path) -> subprocess.CompletedProcess[str]:
    cli = str(Path(sys.executable).parent / "newsdesk")
    return subprocess.run(
        [cli, "ingest", str(path)], env=isolated_env(data_dir), capture_output=True, text=True, timeout=600
    )


def _chunk_ids(data_dir: Path) -> list[str]:
    import chromadb

    client = chromadb.PersistentClient(path=str(data_dir / "chroma"))
    return sorted(client.get_collection("newsdesk_chunks").get(include=[])["ids"])


def test_cli_ingests_good_records_and_reports_bad_ones(tmp_path: Path) -> None:
    good = [json.loads(line) for line in SHORT.read_text().splitlines()]
    # 30 good records: more than one group of 25, so two writes happen.
    extra = [
        {**g, "id": f"{g['id']}-{n}", "text": f"{g['text']} Update number {n} followed."}
        for n in range(9)
        for g in good
    ]
    lines = [json.dumps(g) for g in good[:2]]
    lines.append('{"id": "broken", "title": "no closing brace"')
    lines.append(json.dumps({"id": "empty", "title": "Nothing", "text": "   "}))
    lines.append(json.dumps({"id": "binary", "title": "Bytes", "text": "\x00\x01\x02\x03" * 50}))
    lines += [json.dumps(g) for g in [good[2], *extra]]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n")
    data_dir = tmp_path / "data"

    first = _ingest(path, data_dir)
    assert first.returncode == 0, first.stderr[-2000:]
    summary = json.loads(first.stdout.strip().splitlines()[-1])
    assert summary["ingested"] == 30 and summary["failed"] == 3
    for where in (":3", ":4", ":5"):  # each bad line is named by its line number
        assert f"in.jsonl{where}" in first.stderr, first.stderr[-2000:]
    assert "looks like binary" in first.stderr and "empty" in first.stderr

    registry = Registry(data_dir / "newsdesk.db")
    stored = {r.id: r for r in registry.page(0, 100)[0]}
    registry.close()
    assert set(stored) == {g["id"] for g in good} | {e["id"] for e in extra}
    ids = _chunk_ids(data_dir)
    assert len(ids) == summary["chunks"] == sum(r.chunk_count for r in stored.values())
    assert registry_pending_is_empty(data_dir)

    again = _ingest(path, data_dir)
    assert again.returncode == 0, again.stderr[-2000:]
    assert json.loads(again.stdout.strip().splitlines()[-1])["ingested"] == 30
    assert _chunk_ids(data_dir) == ids  # unchanged articles: no new chunk, none lost


def registry_pending_is_empty(data_dir: Path) -> bool:
    registry = Registry(data_dir / "newsdesk.db")
    try:
        return registry.pending() == []
    finally:
        registry.close()
