"""POST/GET /batches in process: a job is made whole or not at all, runs in the background worker,
and writes one result line per input line; bad uploads make no job."""

from __future__ import annotations

import json
import time

import pytest
from fastapi.testclient import TestClient

from service.container import Container
from tests.unit.api.conftest import BRIDGE


def wait_done(client: TestClient, job_id: str, timeout_s: float = 60) -> dict:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        job = client.get(f"/batches/{job_id}").json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"batch {job_id} not done in {timeout_s}s: {job}")


def results(client: TestClient, job_id: str) -> list[dict]:
    response = client.get(f"/batches/{job_id}/results")
    assert response.headers["content-type"].startswith("application/x-ndjson")
    return [json.loads(line) for line in response.text.splitlines()]


def test_a_jsonl_upload_becomes_one_line_per_input_line(client: TestClient) -> None:
    lines = [
        json.dumps({"id": "batch-a", "title": "Mill", "text": "The mill in Corran employs 40 people."}),
        "{not json",
        json.dumps({"title": "Empty", "text": ""}),
        json.dumps({"id": "batch-b", "title": "Port", "text": "The port of Dunmore handled 7 ships."}),
    ]
    made = client.post("/batches", content="\n".join(lines), headers={"content-type": "application/x-ndjson"})
    assert made.status_code == 202, made.text
    job = wait_done(client, made.json()["id"])
    assert (job["status"], job["total"], job["done"], job["failed"]) == ("done", 4, 2, 2)
    by_line = {r["line"]: r for r in results(client, job["id"])}
    assert sorted(by_line) == [1, 2, 3, 4]
    assert by_line[1]["article_id"] == "batch-a" and {
        c["count"] for c in by_line[1]["summary"]["how_many"]
    } == {"40"}
    assert "not valid JSON" in by_line[2]["error"] and "text" in by_line[3]["error"]
    assert by_line[4]["summary"]["article_id"] == "batch-b"


def test_stored_articles_by_id(client: TestClient) -> None:
    assert client.post("/articles", json=BRIDGE).status_code == 200
    made = client.post("/batches", json={"article_ids": ["bridge-1"]})
    assert made.status_code == 202
    job = wait_done(client, made.json()["id"])
    assert job["done"] == 1 and results(client, job["id"])[0]["article_id"] == "bridge-1"
    unknown = client.post("/batches", json={"article_ids": ["bridge-1", "nope-9"]})
    assert unknown.status_code == 404 and "nope-9" in unknown.json()["error"]["message"]


@pytest.mark.parametrize(
    ("content", "kind", "fragment"),
    [
        (b"", "application/x-ndjson", "no lines"),
        (b"\xff\xfe\x00bin", "application/x-ndjson", "not UTF-8"),
        (b'{"article_ids": []}', "application/json", "article_ids"),
        (b'{"article_ids": [1, 2]}', "application/json", "article_ids"),
        (b"{not json", "application/json", "not valid JSON"),
        (b"W\xff{e\x17", "application/json", "not valid JSON"),  # not UTF-8: found by schemathesis
    ],
)
def test_bad_batches_make_no_job(
    client: TestClient, container: Container, content: bytes, kind: str, fragment: str
) -> None:
    jobs = container.jobs.root
    before = sorted(p.name for p in jobs.iterdir())
    response = client.post("/batches", content=content, headers={"content-type": kind})
    assert response.status_code == 422, response.text
    assert fragment in response.json()["error"]["message"]
    assert sorted(p.name for p in jobs.iterdir()) == before


def test_unknown_jobs_are_404(client: TestClient) -> None:
    for path in ("/batches/0123456789abcdef", "/batches/0123456789abcdef/results", "/batches/..%2Fetc"):
        response = client.get(path)
        assert response.status_code == 404, (path, response.text)
