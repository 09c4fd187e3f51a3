"""POST /chat and the OpenAI-shaped /v1 routes in process: event order of a stream, the shapes the
`openai` SDK reads, limits and errors. (Whether follow-ups are answered right is the real model's
test: tests/e2e/test_chat.py.)"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from index.embed import MiniLMEmbeddings
from service.llm import LlmProvider
from service.llm.llama_server import LlamaServer
from tests.fault_llm import FaultyLlm
from tests.unit.api.conftest import BRIDGE, build, serve

QUESTION = {"role": "user", "content": "What does the bridge in Exampletown have?"}


@pytest.fixture(scope="module", autouse=True)
def stored(client: TestClient) -> None:
    assert (
        client.post("/articles", json={**BRIDGE, "source": "town", "published_at": "2024-03-01"}).status_code
        == 200
    )


@pytest.fixture(autouse=True)
def lanes(scripted: FaultyLlm) -> None:
    scripted.answer = "The bridge has 12 lanes [1]."


def events(text: str) -> list[tuple[str, dict]]:
    out = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        out.append((lines["event"], json.loads(lines["data"])))
    return out


def streamed_chat(client: TestClient, message: dict) -> list[tuple[str, dict]]:
    """One question streamed through /chat: its events, in order."""
    with client.stream("POST", "/chat", json={"messages": [message], "stream": True}) as response:
        return events(response.read().decode())


def test_one_turn_and_a_follow_up(client: TestClient, scripted: FaultyLlm) -> None:
    body = client.post("/chat", json={"messages": [QUESTION]}).json()
    assert (
        body["answer"] == "The bridge has 12 lanes [1]." and body["citations"][0]["article_id"] == "bridge-1"
    )
    assert body["standalone_question"] == QUESTION["content"]  # one turn: nothing to rewrite
    follow = [
        QUESTION,
        {"role": "assistant", "content": body["answer"]},
        {"role": "user", "content": "And cars?"},
    ]
    scripted.script = ["How many cars cross the bridge?"]
    again = client.post("/chat", json={"messages": follow}).json()
    # The condense step ran and its rewrite was used.
    assert again["standalone_question"] == "How many cars cross the bridge?"
    # A "rewrite" that answers instead (the scripted model's fixed answer is no question): the
    # previous question carries the context the follow-up leans on.
    again = client.post("/chat", json={"messages": follow}).json()
    assert again["standalone_question"] == f"{QUESTION['content']} And cars?"


def test_a_follow_up_that_stands_alone_is_not_rewritten(client: TestClient, scripted: FaultyLlm) -> None:
    # A new topic that names its own subject: no rewrite (a model call) is asked for, and the
    # question is searched and answered as asked. One that points back is rewritten.
    def rewrites_asked(last: str) -> int:
        follow = [
            QUESTION,
            {"role": "assistant", "content": "The bridge has 12 lanes [1]."},
            {"role": "user", "content": last},
        ]
        scripted.prompts.clear()
        body = client.post("/chat", json={"messages": follow}).json()
        assert body["answer"]
        return sum("Last question:" in prompt for prompt in scripted.prompts)

    assert rewrites_asked("When did Exampletown open the bridge?") == 0
    assert rewrites_asked("And when did it open?") == 1


def test_a_stream_is_tokens_then_one_final_event(client: TestClient) -> None:
    with client.stream("POST", "/chat", json={"messages": [QUESTION], "stream": True}) as response:
        assert response.status_code == 200 and response.headers["content-type"].startswith(
            "text/event-stream"
        )
        got = events(response.read().decode())
    names = [name for name, _ in got]
    assert names[-1] == "final" and names.count("final") == 1 and set(names[:-1]) == {"token"}
    streamed = "".join(data["text"] for name, data in got if name == "token")
    assert streamed == "The bridge has 12 lanes [1]." == got[-1][1]["answer"]


def test_a_model_that_fails_before_the_first_token_is_an_http_error(
    client: TestClient, scripted: FaultyLlm
) -> None:
    scripted.mode = "error"
    response = client.post("/chat", json={"messages": [QUESTION], "stream": True})
    assert response.status_code == 503 and response.json()["error"]["code"] == "llm_unavailable"


def test_filters_reach_retrieval(client: TestClient) -> None:
    outside = client.post("/chat", json={"messages": [QUESTION], "filters": {"source": "elsewhere"}}).json()
    assert outside["abstained"] and outside["citations"] == []
    inside = client.post(
        "/chat",
        json={"messages": [QUESTION], "filters": {"source": ["town"], "published_from": "2024-01-01"}},
    ).json()
    assert inside["citations"][0]["article_id"] == "bridge-1"
    missing = client.post("/chat", json={"messages": [QUESTION], "filters": {"article_ids": ["nope"]}})
    assert missing.status_code == 404 and "nope" in missing.json()["error"]["message"]


@pytest.mark.parametrize(
    ("messages", "status", "fragment"),
    [
        ([{"role": "assistant", "content": "hi"}], 422, "last message"),
        ([{"role": "user", "content": "  "}], 422, "last message"),
        ([], 422, "messages"),
        (
            [{"role": "user", "content": "Hi?"}, {"role": "assistant", "content": "Hello."}] * 25
            + [QUESTION],
            413,
            "51 messages",
        ),
        ([{"role": "assistant", "content": "x" * 20_001}, QUESTION], 413, "message 0 is 20001 characters"),
        ([{"role": "user", "content": "q" * 2001}], 413, "2001 characters; the limit is 2000"),
        ([{"role": "robot", "content": "hi"}], 422, "role"),
    ],
)
def test_bad_chats(client: TestClient, messages: list, status: int, fragment: str) -> None:
    response = client.post("/chat", json={"messages": messages})
    assert response.status_code == status, response.text
    assert fragment in response.json()["error"]["message"]


def test_the_openai_sdk_reads_answers_streams_and_models(client: TestClient) -> None:
    from openai import OpenAI

    sdk = OpenAI(base_url="http://testserver/v1", api_key="unused", http_client=client)
    assert [m.id for m in sdk.models.list().data] == ["newsdesk"]
    done = sdk.chat.completions.create(model="newsdesk", messages=[QUESTION])  # type: ignore[list-item]
    assert done.choices[0].message.content == "The bridge has 12 lanes [1]."
    extra = done.model_extra or {}
    assert extra["citations"][0]["article_id"] == "bridge-1" and extra["newsdesk"]["abstained"] is False
    chunks = list(sdk.chat.completions.create(model="newsdesk", messages=[QUESTION], stream=True))  # type: ignore[list-item]
    assert (
        "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        == "The bridge has 12 lanes [1]."
    )
    last = chunks[-1]
    assert (last.model_extra or {})["citations"] and last.usage and last.usage.total_tokens > 0


def test_openai_shaped_errors(client: TestClient, scripted: FaultyLlm) -> None:
    only_system = client.post(
        "/v1/chat/completions", json={"messages": [{"role": "system", "content": "hi"}]}
    )
    assert only_system.status_code == 422 and "last message" in only_system.json()["error"]["message"]
    too_long = client.post(
        "/v1/chat/completions", json={"messages": [{"role": "user", "content": "q" * 2001}]}
    )
    assert too_long.status_code == 413


def test_a_streamed_abstention_is_never_shown_when_the_second_answer_holds(
    client: TestClient, scripted: FaultyLlm
) -> None:
    scripted.script = ["The articles do not say.", "The bridge has 12 lanes [1]."]
    got = streamed_chat(client, QUESTION)
    streamed = "".join(data["text"] for name, data in got if name == "token")
    assert "do not say" not in streamed and streamed == got[-1][1]["answer"]
    assert not got[-1][1]["abstained"]


def test_a_question_no_passage_speaks_of_streams_the_abstention_without_the_model(
    client: TestClient, scripted: FaultyLlm
) -> None:
    calls = scripted.calls
    question = {"role": "user", "content": "When does the Wexley maritime museum open on Sundays?"}
    got = streamed_chat(client, question)
    assert [name for name, _ in got] == ["token", "final"], got
    assert got[0][1]["text"] == got[1][1]["answer"] == "The articles do not say."
    assert got[1][1]["abstained"] and scripted.calls == calls


FERRY = {
    "id": "ferry-1",
    "title": "Ferry counts",
    "text": "The Exampletown ferry carried 40 cars on Monday. On Tuesday the ferry carried 55 cars.",
}


def test_a_recounted_answer_is_never_streamed_before_it_is_checked(
    client: TestClient, scripted: FaultyLlm
) -> None:
    # The passage counts the cars twice (40, 55), so the model is asked; it says 8, which no passage
    # holds. The reader sees only the checked answer: the abstention, never the 8.
    assert client.post("/articles", json=FERRY).status_code == 200
    scripted.script = ["The ferry carried 8 cars [1]."]
    question = {"role": "user", "content": "How many cars did the Exampletown ferry carry?"}
    got = streamed_chat(client, question)
    streamed = "".join(data["text"] for name, data in got if name == "token")
    assert "8" not in streamed and streamed == got[-1][1]["answer"] == "The articles do not say.", got


def test_a_count_the_passages_settle_is_streamed_whole_without_the_model(
    client: TestClient, scripted: FaultyLlm
) -> None:
    calls = scripted.calls
    question = {"role": "user", "content": "How many lanes does the bridge have?"}
    got = streamed_chat(client, question)
    assert [name for name, _ in got] == ["token", "final"], got
    assert got[0][1]["text"] == got[1][1]["answer"] == "12 lanes [1]." and scripted.calls == calls


def test_a_follow_up_reads_the_article_the_conversation_is_about(
    client: TestClient, scripted: FaultyLlm
) -> None:
    # Two groups employ people; the rewrite lost which one ("the group"). The previous question was
    # about the brewer, so the follow-up's first passage is the brewer's, not the open search's best.
    brewer = {
        "id": "brewer-1",
        "title": "Marbeck closes Dunsley brewery",
        "text": "Brewer Marbeck will close its Dunsley brewery with the loss of 240 jobs. The group "
        "owns 1,480 pubs. Marbeck employs about 3,100 people.",
    }
    other = {
        "id": "retail-1",
        "title": "Stellgate group results",
        "text": "How many people does the Stellgate group employ? The group employs 14,500 people "
        "in its shops, the group said on Monday.",
    }
    assert client.post("/articles", json=[brewer, other]).status_code == 200
    first = {"role": "user", "content": "How many jobs will go when Marbeck closes its Dunsley brewery?"}
    follow = [
        first,
        {"role": "assistant", "content": "240 jobs [1]."},
        {"role": "user", "content": "And how many people does the group employ in all?"},
    ]
    scripted.script = ["How many people does the group employ in all?"]
    scripted.answer = "About 3,100 people [1]."
    body = client.post("/chat", json={"messages": follow}).json()
    assert body["standalone_question"] == "How many people does the group employ in all?"
    assert not body["abstained"] and body["citations"][0]["article_id"] == "brewer-1"


def test_a_follow_up_may_rest_on_a_sentence_that_leaves_the_subject_to_its_passage(
    client: TestClient, scripted: FaultyLlm
) -> None:
    # The story names its subject once ("a pounds 6m grant ... Kelmar flood survivors"), then says
    # "the funding". Asked in a conversation about that grant, the answering sentence need not
    # repeat it (support.py `carried_terms`); asked cold, the same question and answer rest on a
    # sentence about "funding" alone and are refused. A span of time must still be one.
    grant = {
        "id": "grant-1",
        "title": "Help for Kelmar",
        "text": "Ardenland is to give a pounds 6m grant to help survivors of the Kelmar floods rebuild "
        "their homes. Some 4,000 houses were destroyed. The seven-year Overseas Aid Office funding "
        "will also pay for new clinics in the valley.",
    }
    assert client.post("/articles", json=grant).status_code == 200
    first = {"role": "user", "content": "How much is the Ardenland grant for Kelmar flood survivors?"}
    standalone = "How long will the Ardenland grant for Kelmar flood survivors be given?"
    follow = [
        first,
        {"role": "assistant", "content": "pounds 6m [1]."},
        {"role": "user", "content": "And over how long will that money be given?"},
    ]
    scripted.script = [standalone]
    scripted.answer = "The seven-year Overseas Aid Office funding [1]."
    body = client.post("/chat", json={"messages": follow}).json()
    assert body["standalone_question"] == standalone
    assert not body["abstained"] and body["citations"][0]["article_id"] == "grant-1", body
    assert client.post("/chat", json={"messages": [{"role": "user", "content": standalone}]}).json()[
        "abstained"
    ]
    scripted.script = [standalone]
    scripted.answer = "Some 4,000 houses [1]."  # a number of the passage, but no span of time
    assert client.post("/chat", json={"messages": follow}).json()["abstained"]


def test_the_answered_conversation_is_read_into_the_rewriter_before_a_follow_up(
    tmp_path: Path, scripted: FaultyLlm, embeddings: MiniLMEmbeddings
) -> None:
    # An embedded-style provider whose rewriter process is the scripted server: after each answer,
    # the conversation so far is sent there, cut where the follow-up will stand (chat/prewarm.py).
    rewriter = LlamaServer(tmp_path / "none.gguf", "scripted", 1, 512, tmp_path / "log", port=scripted.port)
    provider = LlmProvider("embedded", "scripted", scripted.base_url, "none", 5.0, 0, rewriter=rewriter)
    parts = build(tmp_path / "data", scripted, embeddings, provider=provider)
    try:
        with serve(parts) as http:
            assert http.post("/articles", json=BRIDGE).status_code == 200
            before = len(scripted.prompts)
            assert http.post("/chat", json={"messages": [QUESTION]}).status_code == 200
            deadline = time.monotonic() + 5
            while not any(p.endswith("Last question:") for p in scripted.prompts[before:]):
                assert time.monotonic() < deadline, scripted.prompts[before:]
                time.sleep(0.02)
            warmed = next(p for p in scripted.prompts[before:] if p.endswith("Last question:"))
            assert f"User: {QUESTION['content']}\nAssistant: The bridge has 12 lanes." in warmed
    finally:
        parts.close()
    # Off for a hosted API (it would be paid for) and when asked.
    for other in (
        build(tmp_path / "hosted", scripted, embeddings),
        build(tmp_path / "off", scripted, embeddings, provider=provider, llm_rewriter_prewarm=False),
    ):
        assert other.chat._prewarm is None
        other.close()
