"""POST /ask in process, with a scripted model: what the server does with an answer (citations
renumbered and quoted, abstention), limits, unknown ids, and a model that fails in each way."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from index.embed import MiniLMEmbeddings
from tests.fault_llm import FaultyLlm
from tests.unit.api.conftest import BRIDGE, build, serve

FERRY = {
    "id": "ferry-1",
    "title": "Ferry route",
    "text": "The ferry between Oswin Point and Larkholm carried 1,283 passengers on its first weekend.",
}
TRANSFER = {
    "id": "transfer-1",
    "title": "Holt move collapses",
    "text": "Striker Kieran Holt's proposed pounds 500,000 move from Dunmore to Swansea collapsed on Friday.",
}


@pytest.fixture(scope="module", autouse=True)
def stored(client: TestClient) -> None:
    for article in (BRIDGE, FERRY, TRANSFER):
        assert client.post("/articles", json=article).status_code == 200


def test_a_grounded_answer_is_cited_with_a_sentence_of_the_article(
    client: TestClient, scripted: FaultyLlm
) -> None:
    scripted.answer = "The bridge has 12 lanes [1][9]."  # [9]: no such passage, dropped
    body = client.post("/ask", json={"question": "What does the new bridge have?"}).json()
    assert body["abstained"] is False
    assert body["answer"] == "The bridge has 12 lanes [1]."
    [citation] = body["citations"]
    assert citation["n"] == 1 and citation["article_id"] == "bridge-1" and citation["title"] == "Bridge opens"
    assert citation["quote"] == "The bridge in Exampletown opened on Monday with 12 lanes."


def test_a_number_no_passage_holds_becomes_the_abstention(client: TestClient, scripted: FaultyLlm) -> None:
    scripted.answer = "Work on it took 14 years [1]."
    body = client.post("/ask", json={"question": "How long did work on the bridge take?"}).json()
    assert body == {"answer": "The articles do not say.", "citations": [], "abstained": True}


def test_a_count_the_passages_settle_is_answered_without_the_model(
    client: TestClient, scripted: FaultyLlm
) -> None:
    scripted.answer = "The bridge has 14 lanes [1]."  # would be replaced by the passage's count anyway
    calls = scripted.calls
    body = client.post("/ask", json={"question": "How many lanes does the bridge have?"}).json()
    assert body["answer"] == "12 lanes [1]." and body["citations"][0]["article_id"] == "bridge-1"
    assert scripted.calls == calls


def test_a_number_that_counts_another_thing_becomes_the_abstention(
    client: TestClient, scripted: FaultyLlm
) -> None:
    scripted.answer = "3,000 [1]."  # the passage's 3,000 counts cars
    body = client.post("/ask", json={"question": "How many trucks cross the bridge each day?"}).json()
    assert body["abstained"] is True and body["answer"] == "The articles do not say."


def test_article_ids_limit_what_is_cited(client: TestClient, scripted: FaultyLlm) -> None:
    scripted.answer = "It carried 1,283 passengers [1]."
    body = client.post(
        "/ask", json={"question": "How many passengers did the ferry carry?", "article_ids": ["ferry-1"]}
    ).json()
    assert {c["article_id"] for c in body["citations"]} == {"ferry-1"}


@pytest.mark.parametrize(
    ("body", "status", "fragment"),
    [
        ({"question": ""}, 422, "question"),
        ({"question": "   "}, 422, "empty"),
        ({}, 422, "question"),
        ({"question": "q" * 2001}, 413, "2001 characters; the limit is 2000"),
        ({"question": "Who?", "k": 0}, 422, "k"),
        ({"question": "Who?", "article_ids": ["nope-123"]}, 404, "nope-123"),
    ],
)
def test_bad_questions(client: TestClient, body: dict, status: int, fragment: str) -> None:
    response = client.post("/ask", json=body)
    assert response.status_code == status, response.text
    assert fragment in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("mode", "status", "code"),
    [("slow", 504, "llm_timeout"), ("junk", 502, "llm_bad_output"), ("error", 503, "llm_unavailable")],
)
def test_a_failing_model_is_a_precise_5xx(
    impatient: TestClient, scripted: FaultyLlm, mode: str, status: int, code: str
) -> None:
    scripted.mode = mode
    response = impatient.post("/ask", json={"question": "What does the new bridge have?"})
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code and response.json()["error"]["message"]


def test_a_model_server_that_is_down_is_503(
    tmp_path: Path, scripted: FaultyLlm, embeddings: MiniLMEmbeddings
) -> None:
    from service.llm import LlmProvider
    from service.llm.llama_server import free_port

    down = LlmProvider("openai", "scripted", f"http://127.0.0.1:{free_port()}/v1", "sk-test", 2.0, 0)
    parts = build(tmp_path, scripted, embeddings, provider=down)
    try:
        with serve(parts) as http:
            http.post("/articles", json=BRIDGE)
            response = http.post("/ask", json={"question": "What does the bridge have?"})
        assert response.status_code == 503 and "cannot be reached" in response.json()["error"]["message"]
    finally:
        parts.close()


def test_an_abstention_is_asked_again_and_a_grounded_answer_kept(
    client: TestClient, scripted: FaultyLlm
) -> None:
    scripted.script = ["The articles do not say.", "The bridge has 12 lanes [1]."]
    calls = len(scripted.prompts)
    body = client.post("/ask", json={"question": "What does the bridge in Exampletown have?"}).json()
    assert body["answer"] == "12 lanes [1]." or body["answer"] == "The bridge has 12 lanes [1].", body
    assert not body["abstained"] and len(scripted.prompts) == calls + 2  # asked twice


def test_an_answer_asked_again_that_is_off_the_question_is_still_refused(
    client: TestClient, scripted: FaultyLlm
) -> None:
    # The passage speaks of Monday's opening, not of a closure: the second answer rests on nothing.
    scripted.script = ["The articles do not say.", "The bridge will close on Monday [1]."]
    body = client.post("/ask", json={"question": "On what date will the old ferry service close?"}).json()
    assert body["abstained"] and body["citations"] == []


# The passage says each day. Not a how-many question: one of those whose passages hold a single
# count is answered with it, without the model (test_a_count_the_passages_settle_...).
QUESTION_PARTLY_HELD = "What traffic will cross the Exampletown bridge each week?"


def test_an_answer_asked_again_needs_firmer_support_than_a_first_answer(
    client: TestClient, scripted: FaultyLlm
) -> None:
    # The sentence holds most of the question's terms but not "week": enough for a first answer,
    # not for one the model gave only after saying the articles do not say (support.py).
    scripted.script = ["3,000 cars [1]."]
    first = client.post("/ask", json={"question": QUESTION_PARTLY_HELD}).json()
    assert not first["abstained"], first
    scripted.script = ["The articles do not say.", "3,000 cars [1]."]
    calls = len(scripted.prompts)
    again = client.post("/ask", json={"question": QUESTION_PARTLY_HELD}).json()
    assert again["abstained"] and again["citations"] == [], again
    # No sentence could carry an answer past the higher gate, so the model was not asked again.
    assert len(scripted.prompts) == calls + 1


def test_a_question_no_passage_speaks_of_is_refused_without_the_model(
    client: TestClient, scripted: FaultyLlm
) -> None:
    # Retrieval always returns passages; none of them speaks of a museum's opening hours.
    calls = len(scripted.prompts)
    body = client.post(
        "/ask", json={"question": "When does the Wexley maritime museum open on Sundays?"}
    ).json()
    assert body == {"answer": "The articles do not say.", "citations": [], "abstained": True}
    assert len(scripted.prompts) == calls


@pytest.mark.parametrize(
    "script",
    [
        ["The articles do not say.", "The articles do not say."],
        ["The articles do not say.", "[1] [2]"],  # markers alone say nothing
        ["The move was worth pounds 900,000 [1]."],  # an amount no passage holds: refused
    ],
)
def test_an_amount_the_passage_settles_answers_when_the_model_will_not(
    client: TestClient, scripted: FaultyLlm, script: list[str]
) -> None:
    # The model's answer ends as an abstention; the one amount of the sentence that speaks of the
    # question answers, cited like any answer (service/answers/amounts.py).
    scripted.script = script
    body = client.post(
        "/ask", json={"question": "How much was Kieran Holt's proposed move to Swansea worth?"}
    )
    assert body.json()["answer"] == "pounds 500,000 [1].", body.json()
    [citation] = body.json()["citations"]
    assert citation["article_id"] == "transfer-1" and "pounds 500,000" in citation["quote"]


HARBOUR = {
    "id": "harbour-1",
    "title": "Larkholm harbour wall rebuilt",
    "text": " ".join(
        [
            "Work to rebuild the harbour wall at Larkholm began on Monday after winter storms.",
            "The wall was breached in three places in January.",
            "Engineers from the county council have inspected every section of it since then.",
            "Fishermen said the damage had kept their boats in port for weeks.",
            "The county council's harbour committee approved the plans last month.",
            "The committee chair, Ines Varga, said the harbour was the town's lifeline.",
            "Local businesses have raised money for a memorial to the storm's victims.",
            "A temporary barrier of sandbags has protected the quay since February.",
            "Contractors expect the harbour wall to be finished by the end of August.",
            "The harbour will stay open to boats while the work goes on.",
        ]
    ),
}


def test_an_abstention_is_asked_again_over_a_wider_cut_of_the_same_chunks(
    client: TestClient, scripted: FaultyLlm
) -> None:
    assert client.post("/articles", json=HARBOUR).status_code == 200
    scripted.script = ["The articles do not say.", "By the end of August [1]."]
    start = len(scripted.prompts)
    body = client.post(
        "/ask",
        json={"question": "When will the Larkholm harbour wall work be done?", "article_ids": ["harbour-1"]},
    ).json()
    first, again = scripted.prompts[start:][:2]
    # The second reading holds sentences of the article the first left out (the tight cut is 600
    # characters; the article is longer).
    sentences = [s for s in HARBOUR["text"].split(". ") if s in again]
    assert len(sentences) > len([s for s in HARBOUR["text"].split(". ") if s in first]), (first, again)
    assert not body["abstained"] and "August" in body["answer"], body
    assert "August" in body["citations"][0]["quote"]
