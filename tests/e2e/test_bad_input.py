"""Bad input gets a precise 4xx with a message, and nothing is stored."""

from __future__ import annotations

import pytest

from tests.conftest import Service


def _total(svc: Service) -> int:
    return int(svc.http.get("/articles").json()["total"])


@pytest.mark.parametrize(
    ("body", "status", "fragment"),
    [
        ({"title": "t", "text": ""}, 422, "text"),
        ({"title": "t", "text": "   \n  "}, 422, "empty"),
        ({"title": "", "text": "Some text."}, 422, "title"),
        ({"text": "No title here."}, 422, "title"),
        ({"title": "t", "text": "x" * 200_001}, 413, "limit"),
        ({"title": "t", "text": "PK\u0003\u0004\u0000\u0000binary\u0000junk"}, 422, "binary"),
        ([{"title": "ok", "text": "A fine article."}, {"title": "bad", "text": ""}], 422, "text"),
        ({"title": "t", "text": "Some text.", "id": "../../etc/passwd"}, 422, "id"),
        ({"title": "t", "text": "Some text.", "unknown_field": 1}, 422, "unknown_field"),
        ([], 422, "no articles"),
    ],
)
def test_bad_articles_are_refused_and_nothing_is_stored(
    embedded: Service, body: object, status: int, fragment: str
) -> None:
    before = _total(embedded)
    response = embedded.http.post("/articles", json=body)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert fragment.lower() in (error["message"] + str(error.get("detail", ""))).lower()
    assert _total(embedded) == before


def test_non_json_body(embedded: Service) -> None:
    before = _total(embedded)
    response = embedded.http.post(
        "/articles", content=b"title=x&text=y", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert "not valid JSON" in response.json()["error"]["message"]
    assert _total(embedded) == before


def test_huge_body_is_refused_before_reading(embedded: Service) -> None:
    before = _total(embedded)
    response = embedded.http.post(
        "/articles", content=b"{" + b" " * 6_000_000 + b"}", headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert "larger than the limit" in response.json()["error"]["message"]
    assert _total(embedded) == before


def test_too_many_articles_in_one_request(embedded: Service) -> None:
    response = embedded.http.post("/articles", json=[{"title": f"t{i}", "text": "text"} for i in range(101)])
    assert response.status_code == 413
    assert "101 articles" in response.json()["error"]["message"]


@pytest.mark.parametrize("path", ["/articles/nope-123", "/articles/nope-123/summary"])
def test_unknown_ids_are_404(embedded: Service, path: str) -> None:
    response = embedded.http.get(path)
    assert response.status_code == 404
    assert "nope-123" in response.json()["error"]["message"]


def test_unknown_ids_on_write_routes_are_404(embedded: Service) -> None:
    assert embedded.http.delete("/articles/nope-123").status_code == 404
    assert embedded.http.post("/articles/nope-123/summary").status_code == 404
    response = embedded.http.post("/ask", json={"question": "Who?", "article_ids": ["nope-123"]})
    assert response.status_code == 404 and "nope-123" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"question": ""}, 422),
        ({"question": "   "}, 422),
        ({}, 422),
        ({"question": "q" * 2001}, 413),
        ({"question": "Who?", "k": 0}, 422),
    ],
)
def test_bad_questions(embedded: Service, body: dict, status: int) -> None:
    response = embedded.http.post("/ask", json=body)
    assert response.status_code == status, response.text
    assert response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("content", "kind", "fragment"),
    [
        (b"", "application/x-ndjson", "no lines"),
        (b"\xff\xfe\x00bin", "application/x-ndjson", "not UTF-8"),
        (b'{"article_ids": []}', "application/json", "article_ids"),
        (b"{not json", "application/json", "not valid JSON"),
        (b"W\xff{e\x17", "application/json", "not valid JSON"),  # not UTF-8: found by schemathesis
    ],
)
def test_bad_batches_are_refused_and_no_job_is_made(
    embedded: Service, content: bytes, kind: str, fragment: str
) -> None:
    jobs = embedded.data_dir / "batches"
    before = sorted(p.name for p in jobs.iterdir()) if jobs.exists() else []
    response = embedded.http.post("/batches", content=content, headers={"content-type": kind})
    assert response.status_code == 422, response.text
    assert fragment in response.json()["error"]["message"]
    assert (sorted(p.name for p in jobs.iterdir()) if jobs.exists() else []) == before
