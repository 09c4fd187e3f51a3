"""POST/GET/DELETE /articles in process: what is stored, what is refused (and that a refusal stores
nothing), paging, unknown ids."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from service.container import Container
from tests.unit.api.conftest import BRIDGE


def total(client: TestClient) -> int:
    return int(client.get("/articles").json()["total"])


def test_add_one_then_the_same_then_a_change(client: TestClient, container: Container) -> None:
    first = client.post("/articles", json=BRIDGE)
    assert first.status_code == 200, first.text
    made = first.json()["articles"][0]
    assert made["id"] == "bridge-1" and made["status"] == "created" and made["chunk_count"] >= 1
    assert client.post("/articles", json=BRIDGE).json()["articles"][0]["status"] == "unchanged"
    changed = client.post("/articles", json={**BRIDGE, "text": BRIDGE["text"] + " It cost 9 million."})
    assert changed.json()["articles"][0]["status"] == "updated"
    detail = client.get("/articles/bridge-1").json()
    assert detail["text"].endswith("It cost 9 million.") and detail["title"] == "Bridge opens"
    # The store holds one version of the article's chunks, the new one.
    versions = {c.metadata["version"] for c in container.store.chunks_of("bridge-1")}
    assert len(versions) == 1


def test_a_list_is_ingested_together_and_listed_in_pages(client: TestClient) -> None:
    body = [
        {"title": f"Story {n}", "text": f"Town {n} counted {n + 10} boats in its harbour."} for n in range(3)
    ]
    response = client.post("/articles", json=body)
    assert (
        response.status_code == 200 and [a["status"] for a in response.json()["articles"]] == ["created"] * 3
    )
    page = client.get("/articles", params={"offset": 1, "limit": 2}).json()
    assert page["offset"] == 1 and page["limit"] == 2 and len(page["items"]) == 2
    assert page["total"] >= 3 and "text" not in page["items"][0]


@pytest.mark.parametrize(
    ("body", "status", "fragment"),
    [
        ({"title": "t", "text": ""}, 422, "text"),
        ({"title": "t", "text": "   \n  "}, 422, "empty"),
        ({"title": "", "text": "Some text."}, 422, "title"),
        ({"text": "No title here."}, 422, "title"),
        ({"title": "t", "text": "x" * 200_001}, 413, "limit"),
        ({"title": "t", "text": "PK\u0003\u0004\u0000\u0000binary\u0000junk"}, 422, "binary"),
        ([{"title": "ok", "text": "A fine article."}, {"title": "bad", "text": ""}], 422, "1.text"),
        ({"title": "t", "text": "Some text.", "id": "../../etc/passwd"}, 422, "id"),
        ({"title": "t", "text": "Some text.", "unknown_field": 1}, 422, "unknown_field"),
        ([], 422, "no articles"),
        ([{"title": f"t{i}", "text": "text"} for i in range(101)], 413, "101 articles"),
    ],
)
def test_bad_articles_are_refused_and_nothing_is_stored(
    client: TestClient, body: object, status: int, fragment: str
) -> None:
    before = total(client)
    response = client.post("/articles", json=body)
    assert response.status_code == status, response.text
    assert fragment in response.json()["error"]["message"]
    assert total(client) == before


@pytest.mark.parametrize(
    ("content", "kind", "message"),
    [
        (b"{not json", "application/json", "request body is not valid JSON"),
        (b"\xff\xfe not utf-8", "application/json", "request body is not valid JSON"),
    ],
)
def test_a_body_that_is_not_json(client: TestClient, content: bytes, kind: str, message: str) -> None:
    before = total(client)
    response = client.post("/articles", content=content, headers={"content-type": kind})
    assert response.status_code == 422 and response.json()["error"]["message"] == message
    assert total(client) == before


def test_a_huge_body_is_refused_before_it_is_read(client: TestClient) -> None:
    before = total(client)
    response = client.post(
        "/articles", content=b"x" * 5_000_001, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"
    assert total(client) == before


@pytest.mark.parametrize(("params", "where"), [({"offset": -1}, "offset"), ({"limit": 0}, "limit")])
def test_bad_paging(client: TestClient, params: dict[str, int], where: str) -> None:
    response = client.get("/articles", params=params)
    assert response.status_code == 422 and where in response.json()["error"]["message"]


def test_an_offset_beyond_what_the_database_stores_is_bad_input(client: TestClient) -> None:
    response = client.get("/articles", params={"offset": 2**62})
    assert response.status_code == 200 and response.json()["items"] == []
    assert client.get("/articles", params={"offset": 2**63}).status_code == 422


def test_unknown_ids_are_404_and_delete_removes(client: TestClient, container: Container) -> None:
    for method, path in [("GET", "/articles/nope-123"), ("DELETE", "/articles/nope-123")]:
        response = client.request(method, path)
        assert response.status_code == 404 and "nope-123" in response.json()["error"]["message"]
    client.post("/articles", json={"id": "doomed", "title": "Doomed", "text": "A short story about a mill."})
    assert client.delete("/articles/doomed").status_code == 204
    assert client.get("/articles/doomed").status_code == 404
    assert container.store.chunks_of("doomed") == []
