"""POST/GET /articles/{id}/summary in process. The scripted model writes whatever sentence the test
sets: the server keeps it only when it holds up, shows only items that stand in the article, each
with its sentence, and stores nothing when the model fails."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from index.clean import quote_in
from tests.fault_llm import FaultyLlm
from tests.unit.api.conftest import BRIDGE


@pytest.fixture(scope="module", autouse=True)
def stored(client: TestClient) -> None:
    assert client.post("/articles", json=BRIDGE).status_code == 200


def test_a_summary_is_verified_stored_and_rendered(client: TestClient, scripted: FaultyLlm) -> None:
    scripted.answer = "Exampletown opened a 12-lane bridge used by 3,000 cars a day."
    assert client.get("/articles/bridge-1/summary").status_code == 404  # none yet
    made = client.post("/articles/bridge-1/summary")
    assert made.status_code == 200, made.text
    body = made.json()
    assert body["article_id"] == "bridge-1" and body["cached"] is False and body["model"] == "scripted"
    assert body["what"] == "Exampletown opened a 12-lane bridge used by 3,000 cars a day."
    assert {c["count"] for c in body["how_many"]} == {"12", "3,000", "four"}
    assert [w["name"] for w in body["who"]] == ["Ada Fenwick"] and body["dropped"] == 0
    for item in body["who"] + body["where"] + body["how_many"]:
        assert quote_in(item["quote"], BRIDGE["text"]), item
    again = client.get("/articles/bridge-1/summary").json()
    assert again == {**body, "cached": True}
    markdown = client.get("/articles/bridge-1/summary", params={"format": "markdown"})
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert markdown.text.startswith("## Brief: bridge-1") and "**How many**" in markdown.text


def test_unknown_article_and_bad_format(client: TestClient) -> None:
    for method in ("GET", "POST"):
        response = client.request(method, "/articles/nope-123/summary")
        assert response.status_code == 404 and "nope-123" in response.json()["error"]["message"]
    assert client.get("/articles/bridge-1/summary", params={"format": "pdf"}).status_code == 422


def test_a_sentence_with_a_number_the_article_lacks_is_replaced_by_the_title(
    client: TestClient, scripted: FaultyLlm
) -> None:
    client.post("/articles", json={**BRIDGE, "id": "bridge-2", "title": "Second bridge"})
    scripted.answer = "Exampletown opened a 14-lane bridge."
    body = client.post("/articles/bridge-2/summary").json()
    assert body["what"] == "Second bridge" and body["dropped"] == 1


@pytest.mark.parametrize(
    ("mode", "status", "code"),
    [("slow", 504, "llm_timeout"), ("junk", 502, "llm_bad_output"), ("error", 503, "llm_unavailable")],
)
def test_a_failing_model_stores_nothing(
    impatient: TestClient, scripted: FaultyLlm, mode: str, status: int, code: str
) -> None:
    scripted.mode = mode
    response = impatient.post("/articles/bridge-1/summary")
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code
    assert impatient.get("/articles/bridge-1/summary").status_code == 404
