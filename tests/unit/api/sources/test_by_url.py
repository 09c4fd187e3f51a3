"""POST /articles with a URL and no text, in process against the fixture site: the page's article is
extracted (its boilerplate is not), the same page again updates in place, and every bad URL or page
is a clear 4xx/5xx that stores nothing. The refusals are made by the default app (no allow-list)
and shown to send nothing: the site counts connections."""

from __future__ import annotations

import socket

import pytest
from fastapi.testclient import TestClient

from tests.news_site import NewsSite
from tests.site_pages import boilerplate
from tests.unit.api.sources.conftest import total

FERRY = "/news/harbour-ferry-returns"


def test_a_page_becomes_an_article_with_its_title_date_author_and_no_boilerplate(
    web: TestClient, site: NewsSite
) -> None:
    story = site.stories["harbour-ferry-returns"]
    response = web.post("/articles", json={"url": site.url(FERRY) + "?utm_source=newsletter#top"})
    assert response.status_code == 200, response.text
    made = response.json()["articles"][0]
    assert made["status"] == "created" and made["chunk_count"] >= 1
    article = web.get(f"/articles/{made['id']}").json()
    assert article["title"] == story.title
    assert article["published_at"] == story.published  # first published, not the later update
    assert article["url"] == site.url(FERRY)  # canonical: no tracking, no fragment
    assert article["source"] == "The Valley Courier"
    assert article["metadata"] == {"via": "page", "author": story.author}
    for paragraph in story.body:
        assert paragraph in article["text"]
    for clutter in boilerplate(story):
        assert clutter not in article["text"], clutter
    # The same page by another spelling of its URL: the same article, unchanged.
    again = web.post("/articles", json={"url": site.url(FERRY).replace("127.0.0.1", "0x7f000001")})
    assert again.json()["articles"][0] == {**made, "status": "unchanged"}


def test_a_changed_page_updates_its_article_and_given_fields_win(web: TestClient, site: NewsSite) -> None:
    path = "/news/museum-lost-map"
    first = web.post("/articles", json={"url": site.url(path)}).json()["articles"][0]
    story = site.change(
        "museum-lost-map", body=[*site.stories["museum-lost-map"].body, "The map goes on show in May."]
    )
    second = web.post("/articles", json={"url": site.url(path), "title": "Map found", "source": "desk"})
    assert second.json()["articles"][0]["id"] == first["id"]
    assert second.json()["articles"][0]["status"] == "updated"
    article = web.get(f"/articles/{first['id']}").json()
    assert article["text"].endswith("The map goes on show in May.") and story.body[0] in article["text"]
    assert (article["title"], article["source"]) == ("Map found", "desk")


def test_text_and_url_items_go_in_together(web: TestClient, site: NewsSite) -> None:
    before = total(web)
    body = [
        {"url": site.url("/news/choir-wins-national")},
        {"title": "Note", "text": "A short note on the choir's 48 singers."},
    ]
    response = web.post("/articles", json=body)
    assert (
        response.status_code == 200 and [a["status"] for a in response.json()["articles"]] == ["created"] * 2
    )
    assert total(web) == before + 2
    # An article with text and a url is stored as given: nothing is fetched.
    hits = len(site.requests)
    web.post(
        "/articles", json={"title": "Given", "text": "Given text about a ferry.", "url": site.url(FERRY)}
    )
    assert len(site.requests) == hits


@pytest.mark.parametrize(
    ("path", "rule", "status", "code", "fragment"),
    [
        ("/news/council-budget-vote", None, 422, "nothing_extracted", "no article text"),
        ("/news/rail-fares-freeze", None, 422, "nothing_extracted", "paywall"),
        ("/news/no-such-story", None, 422, "fetch_failed", "HTTP 404"),
        ("/doc.pdf", {"body": b"%PDF-1.7", "kind": "application/pdf"}, 422, "unsupported_content_type", "application/pdf"),
        ("/huge", {"body": b"<html>" + b"x" * 400_000}, 422, "fetch_too_large", "300,000"),
        ("/slow", {"body": b"<html>" + b"x" * 60, "drip_s": 0.1}, 504, "fetch_timeout", "in time"),
        ("/gone", {"status": 410}, 422, "fetch_failed", "HTTP 410"),
        # Allowed 127.0.0.1 redirecting to the rest of loopback, which is not allowed.
        ("/jump", {"status": 302, "headers": {"Location": "http://127.0.0.2:9/x"}}, 422, "url_not_allowed", "127.0.0.2"),
        ("/jump6", {"status": 301, "headers": {"Location": "http://[::1]:9/x"}}, 422, "url_not_allowed", "::1"),
        ("/jump-file", {"status": 302, "headers": {"Location": "file:///etc/passwd"}}, 422, "url_not_allowed", "file"),
    ],
)  # fmt: skip
def test_a_bad_page_is_a_clear_error_and_stores_nothing(
    web: TestClient, site: NewsSite, path: str, rule: dict | None, status: int, code: str, fragment: str
) -> None:
    if rule:
        site.rule(path, **rule)
    before = total(web)
    response = web.post("/articles", json={"url": site.url(path)})
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code and fragment in error["message"], error
    assert total(web) == before


def test_one_bad_url_in_a_list_stores_none_of_it(web: TestClient, site: NewsSite) -> None:
    before = total(web)
    body = [{"url": site.url("/news/orchard-frost-losses")}, {"url": site.url("/news/rail-fares-freeze")}]
    response = web.post("/articles", json=body)
    assert response.status_code == 422 and response.json()["error"]["message"].startswith("article 1: ")
    assert total(web) == before


def test_an_unreachable_host_is_a_clear_error(web: TestClient) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        response = web.post("/articles", json={"url": f"http://127.0.0.1:{sock.getsockname()[1]}/story"})
    assert response.status_code == 422 and response.json()["error"]["code"] == "fetch_failed"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/news/harbour-ferry-returns",
        "http://localhost:{port}/news/harbour-ferry-returns",
        "http://127.1:{port}/news/harbour-ferry-returns",
        "http://2130706433:{port}/news/harbour-ferry-returns",
        "http://0x7f000001:{port}/news/harbour-ferry-returns",
        "http://[::1]:{port}/news/harbour-ferry-returns",
        "http://[::ffff:127.0.0.1]:{port}/news/harbour-ferry-returns",
        "file:///etc/passwd",
        "ftp://127.0.0.1:{port}/",
        "gopher://127.0.0.1:{port}/",
    ],
)
def test_without_the_allow_list_the_url_is_refused_and_nothing_leaves(
    client: TestClient, site: NewsSite, url: str
) -> None:
    before, connections = total(client), site.connections
    response = client.post("/articles", json={"url": url.format(port=site.port)})
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "url_not_allowed"
    assert total(client) == before and site.connections == connections


@pytest.mark.parametrize(
    ("body", "status", "fragment"),
    [
        ({"title": "Only a title"}, 422, "text"),
        ({"url": ""}, 422, "url"),
        ({"url": "http://example.org/", "text": "   "}, 422, "title"),  # with text: an article as given
        ({"url": "http://example.org/", "colour": "red"}, 422, "colour"),
        ([{"url": f"http://127.0.0.1:1/{n}"} for n in range(11)], 413, "11 URLs"),
    ],
)
def test_malformed_url_requests(web: TestClient, body: object, status: int, fragment: str) -> None:
    response = web.post("/articles", json=body)
    assert response.status_code == status, response.text
    assert fragment in response.json()["error"]["message"]
