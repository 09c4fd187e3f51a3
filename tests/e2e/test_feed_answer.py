"""A question answered from a feed's article, end to end on the embedded default (real MiniLM,
Chroma and llama.cpp): the service follows the fixture site's RSS feed on 127.0.0.1
(NEWSDESK_FETCH_ALLOW), polls it, and answers with a citation of the article the feed brought."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from index.clean import fold
from service.text.numbers import values
from tests.conftest import Service, run_service
from tests.news_site import NewsSite


@pytest.fixture(scope="module")
def site() -> Iterator[NewsSite]:
    with NewsSite() as news:
        yield news


@pytest.mark.slow
def test_a_question_is_answered_from_a_feeds_article(
    tmp_path_factory: pytest.TempPathFactory, site: NewsSite
) -> None:
    env = {"NEWSDESK_FETCH_ALLOW": "127.0.0.1", "NEWSDESK_FEED_CHECK_INTERVAL_S": "0"}
    svc: Service
    with run_service(tmp_path_factory.mktemp("feed-answer"), "feed-answer", env) as svc:
        feed = svc.http.post("/feeds", json={"url": site.url("/feeds/rss.xml")})
        assert feed.status_code == 201, feed.text
        poll = svc.http.post(f"/feeds/{feed.json()['id']}/poll").json()
        assert poll["created"] == len(site.stories), poll
        ferry = next(i for i in poll["items"] if i["url"] == site.url("/news/harbour-ferry-returns"))

        response = svc.http.post(
            "/ask",
            json={"question": "How many passengers did the new Wrenmouth ferry carry on its first day?"},
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert not body["abstained"] and 640 in values(body["answer"]), body
        cited = {c["article_id"] for c in body["citations"]}
        assert ferry["article_id"] in cited, body
        text = svc.http.get(f"/articles/{ferry['article_id']}").json()["text"]
        for citation in body["citations"]:
            if citation["article_id"] == ferry["article_id"]:
                assert fold(citation["quote"]) in fold(text)
