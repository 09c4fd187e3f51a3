"""Conversation end to end on the embedded default: follow-ups, SSE streaming, filters, and the
OpenAI-compatible API driven by the real `openai` SDK and LangChain's ChatOpenAI."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator

import pytest

from index.clean import clean_text, fold
from service.text.numbers import values
from tests.conftest import Service, dev_articles, seed_text

SEED_TITLE = "Peru police free 84 women held by Tren de Aragua"
FIRST = "How many women were freed?"
FOLLOW_UP = "And how many of them were minors?"


@pytest.fixture(scope="module")
def svc(embedded: Service) -> Iterator[Service]:
    """The seed article (source "seed", 2024) and two dev articles (source "bbc", 2005)."""
    articles = [
        {
            "id": "seed-peru",
            "title": SEED_TITLE,
            "text": seed_text(),
            "source": "seed",
            "published_at": "2024-06-01",
        },
        *(
            {
                "id": a["id"],
                "title": a["title"],
                "text": a["text"],
                "source": "bbc",
                "published_at": "2005-01-15",
            }
            for a in dev_articles()[:2]
        ),
    ]
    response = embedded.http.post("/articles", json=articles)
    assert response.status_code == 200, response.text
    yield embedded
    # The service is shared by the session: leave its collection as this module found it.
    for article in articles:
        embedded.http.delete(f"/articles/{article['id']}")


def _assert_citations_real(body: dict, answer_key: str = "answer") -> None:
    stored = fold(clean_text(seed_text()))
    for citation in body["citations"]:
        assert set(citation) >= {"article_id", "title", "url", "chunk_id", "quote"}
        if citation["article_id"] == "seed-peru":
            assert fold(citation["quote"]) in stored
        assert f"[{citation['n']}]" in body[answer_key]


def _sse(text: str) -> list[tuple[str, dict]]:
    events = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


def _rewriter_reads(svc: Service) -> list[int]:
    """The prompt tokens the rewriter process read per call, from llama-cpp-python's log lines."""
    log = (svc.data_dir / "logs" / "llama-rewriter.log").read_text(errors="replace")
    return [int(n) for n in re.findall(r"remaining (\d+) prompt tokens to eval", log)]


def test_follow_up_is_answered_in_context(svc: Service) -> None:
    first = svc.http.post("/chat", json={"messages": [{"role": "user", "content": FIRST}]}).json()
    assert 84 in values(first["answer"]), first
    # The answered conversation is read into the rewriter while the reader reads (chat/prewarm.py).
    time.sleep(3)
    before = len(_rewriter_reads(svc))
    messages = [
        {"role": "user", "content": FIRST},
        {"role": "assistant", "content": first["answer"]},
        {"role": "user", "content": FOLLOW_UP},
    ]
    body = svc.http.post("/chat", json={"messages": messages}).json()
    # So the follow-up's rewrite read only the follow-up and the prompt's end, not the conversation.
    reads = _rewriter_reads(svc)[before:]
    assert reads and reads[0] <= 25, reads
    assert not body["abstained"], body
    assert 3 in values(body["answer"]), body
    assert "minor" in body["standalone_question"].lower() and body["standalone_question"] != FOLLOW_UP
    # The session's service may also hold the seed under another id (tests/e2e/test_core.py).
    assert body["citations"] and body["citations"][0]["title"] == SEED_TITLE
    _assert_citations_real(body)


def test_stream_sends_tokens_then_one_final_event(svc: Service) -> None:
    payload = {"messages": [{"role": "user", "content": "How many people were arrested?"}], "stream": True}
    with svc.http.stream("POST", "/chat", json=payload) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        events = _sse(response.read().decode())
    tokens = [data["text"] for name, data in events if name == "token"]
    finals = [data for name, data in events if name == "final"]
    assert len(tokens) > 1 and len(finals) == 1 and events[-1][0] == "final"
    final = finals[0]
    assert 23 in values("".join(tokens)) and 23 in values(final["answer"]), final
    assert final["standalone_question"] and final["citations"]
    _assert_citations_real({**final, "streamed": "".join(tokens)}, "streamed")


def test_filters_never_cite_outside(svc: Service) -> None:
    question = {"role": "user", "content": "How many women were freed?"}
    for filters in (
        {"source": "bbc"},
        {"published_to": "2010-01-01"},
        {"article_ids": [dev_articles()[0]["id"]]},
    ):
        body = svc.http.post("/chat", json={"messages": [question], "filters": filters}).json()
        assert all(c["article_id"] != "seed-peru" for c in body["citations"]), (filters, body)
        assert 84 not in values(body["answer"]), (filters, body)
    inside = svc.http.post(
        "/chat",
        json={"messages": [question], "filters": {"source": ["seed"], "published_from": "2024-01-01"}},
    ).json()
    assert 84 in values(inside["answer"]) and inside["citations"][0]["article_id"] == "seed-peru"
    missing = svc.http.post("/chat", json={"messages": [question], "filters": {"article_ids": ["nope"]}})
    assert missing.status_code == 404
    bad = svc.http.post("/chat", json={"messages": [{"role": "assistant", "content": "hi"}]})
    assert bad.status_code == 422
    long_chat = [{"role": "user", "content": "Hi?"}, {"role": "assistant", "content": "Hello."}] * 25 + [
        question
    ]
    too_many = svc.http.post("/chat", json={"messages": long_chat})
    assert too_many.status_code == 413 and "51 messages" in too_many.json()["error"]["message"]


def test_unanswerable_abstains_without_citations(svc: Service) -> None:
    body = svc.http.post(
        "/chat", json={"messages": [{"role": "user", "content": "Who is the leader of Tren de Aragua?"}]}
    ).json()
    assert body["abstained"] and body["citations"] == [], body


def test_openai_sdk_chats_with_the_collection(svc: Service) -> None:
    from openai import OpenAI

    client = OpenAI(base_url=f"{svc.base_url}/v1", api_key="unused", timeout=900)
    assert "newsdesk" in [m.id for m in client.models.list().data]
    messages = [{"role": "user", "content": "How many people were arrested?"}]
    done = client.chat.completions.create(model="newsdesk", messages=messages)  # type: ignore[arg-type]
    text = done.choices[0].message.content or ""
    assert 23 in values(text) and done.usage and done.usage.completion_tokens > 0
    extra = done.model_extra or {}
    assert extra["citations"] and f"[{extra['citations'][0]['n']}]" in text

    stream = client.chat.completions.create(model="newsdesk", messages=messages, stream=True)  # type: ignore[arg-type]
    chunks = list(stream)
    streamed = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert 23 in values(streamed)
    last = chunks[-1].model_extra or {}
    assert last["citations"] and chunks[-1].usage and chunks[-1].usage.total_tokens > 0
    assert all(f"[{c['n']}]" in streamed for c in last["citations"])


def test_langchain_chat_openai_follow_up_and_stream(svc: Service) -> None:
    from langchain_core.messages import AIMessage, HumanMessage
    from langchain_openai import ChatOpenAI

    model = ChatOpenAI(model="newsdesk", base_url=f"{svc.base_url}/v1", api_key="unused", timeout=900)  # type: ignore[arg-type]
    first = model.invoke([HumanMessage(FIRST)])
    assert 84 in values(str(first.content))
    follow = [HumanMessage(FIRST), AIMessage(str(first.content)), HumanMessage(FOLLOW_UP)]
    streamed = "".join(str(chunk.content) for chunk in model.stream(follow))
    assert 3 in values(streamed), streamed
