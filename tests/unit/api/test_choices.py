"""A choice between two named things through the routes, in process with a scripted model: POST
/ask and POST /chat (whole and streamed) name the winner first and cite both articles; a side the
collection lacks is the abstention; unknown article ids are a 404. (That the real model answers each
side right: tests/e2e/test_choices.py.)"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.fault_llm import FaultyLlm
from tests.unit.api.test_chat import events

PELLOW = {
    "id": "pellow-1",
    "title": "Pellow Dairies to cut 640 jobs",
    "text": "Pellow Dairies is to cut 640 jobs and close its Rusk creamery, the company said on Monday.",
    "published_at": "2025-04-09",
}
MARSTON = {
    "id": "marston-1",
    "title": "Marston Freight to cut 1,150 jobs",
    "text": "Marston Freight said it would cut 1,150 jobs as parcel volumes fell for a second year.",
    "published_at": "2025-02-20",
}
MORE_JOBS = "Which company is cutting more jobs, Pellow Dairies or Marston Freight?"
WON = "Marston Freight: 1,150 [1], against 640 for Pellow Dairies [2]."


@pytest.fixture(scope="module", autouse=True)
def stored(client: TestClient) -> None:
    for article in (PELLOW, MARSTON):
        assert client.post("/articles", json=article).status_code == 200


@pytest.fixture(autouse=True)
def each_side(scripted: FaultyLlm) -> None:
    """The model's answer to each side's question, in the order they are asked."""
    scripted.script = [
        "Pellow Dairies is cutting 640 jobs [1].",
        "Marston Freight is cutting 1,150 jobs [1].",
    ]


def test_ask_names_the_winner_first_and_cites_both_articles(client: TestClient) -> None:
    body = client.post("/ask", json={"question": MORE_JOBS}).json()
    assert body["answer"] == WON and body["abstained"] is False
    assert [(c["n"], c["article_id"]) for c in body["citations"]] == [(1, "marston-1"), (2, "pellow-1")]
    assert "1,150 jobs" in body["citations"][0]["quote"] and "640 jobs" in body["citations"][1]["quote"]


def test_which_was_announced_first_goes_by_the_publication_dates(client: TestClient) -> None:
    question = "Which company announced its job cuts first, Pellow Dairies or Marston Freight?"
    body = client.post("/ask", json={"question": question}).json()
    assert body["answer"].startswith(
        "Marston Freight: reported on 20 February 2025 [1], against 9 April 2025"
    )
    assert {c["article_id"] for c in body["citations"]} == {"marston-1", "pellow-1"}


def test_a_side_no_article_names_is_the_abstention(client: TestClient, scripted: FaultyLlm) -> None:
    scripted.script = ["Pellow Dairies is cutting 640 jobs [1].", "Trell Foods is cutting 640 jobs [1]."]
    question = "Which company is cutting more jobs, Pellow Dairies or Trell Foods?"
    body = client.post("/ask", json={"question": question}).json()
    assert body == {"answer": "The articles do not say.", "citations": [], "abstained": True}


def test_unknown_article_ids_are_a_404_for_a_choice_too(client: TestClient) -> None:
    response = client.post("/ask", json={"question": MORE_JOBS, "article_ids": ["no-such-article"]})
    assert response.status_code == 404 and "no-such-article" in response.json()["error"]["message"]


def test_chat_answers_a_choice_whole_and_streamed(client: TestClient, scripted: FaultyLlm) -> None:
    message = {"role": "user", "content": MORE_JOBS}
    body = client.post("/chat", json={"messages": [message]}).json()
    assert body["answer"] == WON and len(body["citations"]) == 2
    scripted.script = [
        "Pellow Dairies is cutting 640 jobs [1].",
        "Marston Freight is cutting 1,150 jobs [1].",
    ]
    with client.stream("POST", "/chat", json={"messages": [message], "stream": True}) as response:
        got = events(response.read().decode())
    assert "".join(data["text"] for name, data in got if name == "token") == WON
    assert got[-1][1]["answer"] == WON and len(got[-1][1]["citations"]) == 2


def test_chat_with_unknown_article_ids_is_a_404_for_a_choice_too(client: TestClient) -> None:
    message = {"role": "user", "content": MORE_JOBS}
    response = client.post(
        "/chat", json={"messages": [message], "filters": {"article_ids": ["no-such-article"]}}
    )
    assert response.status_code == 404 and "no-such-article" in response.json()["error"]["message"]
