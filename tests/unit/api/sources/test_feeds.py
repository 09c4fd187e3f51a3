"""Feeds in process against the fixture site: follow, poll, poll again (a conditional GET that adds
nothing), a changed story, the fallback to the feed's own content, 429/410/301, dedup across feeds,
the lease, the background poller, and a question answered from a feed's article."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from service.container import Container
from service.sources import FeedPoller, FeedService, FeedStore
from tests.fault_llm import FaultyLlm
from tests.news_site import NewsSite
from tests.site_pages import boilerplate
from tests.unit.api.conftest import build, serve
from tests.unit.api.sources.conftest import total

RSS, ATOM = "/feeds/rss.xml", "/feeds/atom.xml"


def follow(web: TestClient, url: str, **extra: object) -> dict:
    response = web.post("/feeds", json={"url": url, **extra})
    assert response.status_code in (200, 201), response.text
    return response.json()


def poll(web: TestClient, feed_id: str) -> dict:
    response = web.post(f"/feeds/{feed_id}/poll")
    assert response.status_code == 200, response.text
    return response.json()


def page_hits(site: NewsSite) -> int:
    return sum(1 for r in site.requests if r.path.startswith("/news/"))


@pytest.fixture(scope="module")
def rss(web: TestClient, site: NewsSite) -> dict:
    """The RSS feed followed and polled once: every story in."""
    feed = follow(web, site.url(RSS), poll_minutes=15)
    first = poll(web, feed["id"])
    assert first["outcome"] == "fetched" and first["created"] == len(site.stories), first
    return first


def test_following_a_feed_fetches_it_once_and_polls_its_items(
    rss: dict, web: TestClient, site: NewsSite
) -> None:
    feed = rss["feed"]
    assert feed["title"] == "The Valley Courier" and feed["poll_minutes"] == 15 and feed["status"] == "active"
    assert (
        feed["items_seen"] == len(site.stories) and feed["last_status"] == 200 and feed["last_error"] is None
    )
    again = web.post("/feeds", json={"url": site.url(RSS) + "?utm_source=x"})
    assert again.status_code == 200 and again.json()["id"] == feed["id"]  # the same feed, not a second
    listed = web.get("/feeds").json()["items"]
    assert [f["id"] for f in listed].count(feed["id"]) == 1


def test_pages_are_extracted_and_urls_canonical(rss: dict, web: TestClient, site: NewsSite) -> None:
    by_url = {i["url"]: i for i in rss["items"]}
    story = site.stories["orchard-frost-losses"]
    item = by_url[site.url(story.path)]  # the feed's link had utm_ parameters
    assert item["via"] == "page" and item["status"] == "created"
    article = web.get(f"/articles/{item['article_id']}").json()
    assert article["title"] == story.title and article["published_at"] == story.published
    assert all(p in article["text"] for p in story.body)
    assert not any(b in article["text"] for b in boilerplate(story))
    assert article["metadata"] == {"via": "page", "author": story.author}


def test_a_page_with_no_article_falls_back_to_the_feeds_own_content(
    rss: dict, web: TestClient, site: NewsSite
) -> None:
    fallbacks = {i["url"]: i for i in rss["items"] if i["via"] == "feed"}
    assert set(fallbacks) == {site.url("/news/council-budget-vote"), site.url("/news/rail-fares-freeze")}
    assert rss["feed"]["fallbacks"] == 2
    for url, item in fallbacks.items():
        assert "feed's own content" in item["note"]
        article = web.get(f"/articles/{item['article_id']}").json()
        story = next(s for s in site.stories.values() if site.url(s.path) == url)
        assert article["metadata"]["via"] == "feed" and all(p in article["text"] for p in story.body)


def test_a_second_poll_is_a_conditional_get_that_adds_nothing(
    rss: dict, web: TestClient, site: NewsSite
) -> None:
    before, pages = total(web), page_hits(site)
    second = poll(web, rss["feed"]["id"])
    assert second["outcome"] == "not_modified" and second["http_status"] == 304 and second["items"] == []
    sent = site.hits(RSS)[-1].headers
    assert sent["if-none-match"] and sent["if-modified-since"]
    assert total(web) == before and page_hits(site) == pages


def test_a_changed_story_updates_its_article_and_only_its_page_is_fetched(
    rss: dict, web: TestClient, site: NewsSite
) -> None:
    slug = "water-main-burst"
    story = site.change(
        slug,
        summary="Water is back in every home.",
        body=[*site.stories[slug].body, "A new pipe will be laid in March."],
    )
    pages, before = page_hits(site), total(web)
    third = poll(web, rss["feed"]["id"])
    assert third["outcome"] == "fetched" and third["updated"] == 1 and third["created"] == 0, third
    assert page_hits(site) == pages + 1 and total(web) == before
    (item,) = third["items"]
    assert web.get(f"/articles/{item['article_id']}").json()["text"].endswith(story.body[-1])


def test_the_same_story_in_two_feeds_is_one_article(rss: dict, web: TestClient, site: NewsSite) -> None:
    before = total(web)
    atom = follow(web, site.url(ATOM))
    report = poll(web, atom["id"])
    assert report["outcome"] == "fetched" and len(report["items"]) == 4
    assert {i["status"] for i in report["items"]} == {"unchanged"} and total(web) == before


def test_429_waits_for_retry_after(rss: dict, web: TestClient, site: NewsSite) -> None:
    site.rule(RSS, status=429, headers={"Retry-After": "120"}, times=1)
    report = poll(web, rss["feed"]["id"])
    assert report["outcome"] == "rate_limited" and report["http_status"] == 429
    feed = report["feed"]
    assert 100 < feed["next_poll_at"] - time.time() <= 120 and "429" in feed["last_error"]


def test_410_stops_the_feed_and_301_moves_it(
    web: TestClient, web_container: Container, site: NewsSite
) -> None:
    site.alias("/feeds/moved.xml", ATOM)
    gone = follow(web, site.url("/feeds/moved.xml"))
    site.rule("/feeds/moved.xml", status=410)
    report = poll(web, gone["id"])
    assert (
        report["outcome"] == "gone"
        and report["feed"]["status"] == "gone"
        and report["feed"]["next_poll_at"] is None
    )
    web_container.feeds.store.finish  # noqa: B018 - a gone feed is never due:
    assert gone["id"] not in web_container.feeds.store.due(time.time() + 10**9)
    site.rules.clear()
    site.alias("/feeds/new-home.xml", ATOM)
    site.rule("/feeds/moved.xml", status=301, headers={"Location": "/feeds/new-home.xml"})
    moved = poll(web, gone["id"])  # a poll by hand tries a gone feed again
    assert moved["outcome"] == "fetched" and moved["feed"]["status"] == "active"
    assert moved["feed"]["url"] == site.url("/feeds/new-home.xml")


@pytest.mark.parametrize(
    ("rule", "code"),
    [
        ({"body": b"<note>not a feed</note>", "kind": "application/xml"}, "not_a_feed"),
        ({"body": b"<html><body>hi</body></html>"}, "unsupported_content_type"),
        ({"status": 404}, "fetch_failed"),
        ({"body": b"<rss>" + b" " * 400_000, "kind": "application/rss+xml"}, "fetch_too_large"),
        ({"body": b"<rss>" + b" " * 60, "kind": "application/rss+xml", "drip_s": 0.1}, "fetch_timeout"),
    ],
)
def test_what_is_not_a_feed_is_refused_when_added(
    web: TestClient, site: NewsSite, rule: dict, code: str
) -> None:
    site.rule("/feeds/odd.xml", **rule)
    before = len(web.get("/feeds").json()["items"])
    response = web.post("/feeds", json={"url": site.url("/feeds/odd.xml")})
    assert response.status_code == (504 if code == "fetch_timeout" else 422)
    assert response.json()["error"]["code"] == code
    assert len(web.get("/feeds").json()["items"]) == before


def test_without_the_allow_list_a_feed_on_loopback_is_refused(client: TestClient, site: NewsSite) -> None:
    connections = site.connections
    for url in (site.url(RSS), f"http://localhost:{site.port}{RSS}", "file:///etc/passwd"):
        response = client.post("/feeds", json={"url": url})
        assert response.status_code == 422 and response.json()["error"]["code"] == "url_not_allowed"
    assert site.connections == connections and client.get("/feeds").json()["items"] == []


def test_unknown_feeds_bad_input_and_remove(web: TestClient, site: NewsSite) -> None:
    for method, path in [("GET", "/feeds/nope"), ("POST", "/feeds/nope/poll"), ("DELETE", "/feeds/nope")]:
        assert web.request(method, path).status_code == 404
    for body in ({}, {"url": site.url(RSS), "poll_minutes": 0}, {"url": site.url(RSS), "extra": 1}):
        assert web.post("/feeds", json=body).status_code == 422
    site.alias("/feeds/short-lived.xml", ATOM)
    feed = follow(web, site.url("/feeds/short-lived.xml"))
    before = total(web)
    assert web.delete(f"/feeds/{feed['id']}").status_code == 204
    assert web.get(f"/feeds/{feed['id']}").status_code == 404 and total(web) == before  # articles stay


def test_a_feed_held_by_another_poller_is_busy(rss: dict, web: TestClient, web_container: Container) -> None:
    store = web_container.feeds.store
    assert store.claim(rss["feed"]["id"], "another-worker", 60)
    try:
        response = web.post(f"/feeds/{rss['feed']['id']}/poll")
        assert response.status_code == 409 and response.json()["error"]["code"] == "busy"
    finally:
        store.finish(rss["feed"]["id"], "another-worker")


def test_two_workers_poll_each_due_feed_once(web_container: Container, site: NewsSite) -> None:
    """Two pollers on one database, as two worker processes would be: each feed is polled by one."""
    from index.registry import Registry

    for path in ("/feeds/w1.xml", "/feeds/w2.xml", "/feeds/w3.xml"):
        site.alias(path, ATOM)
        web_container.feeds.add(site.url(path))
    other = Registry(web_container.settings.data_dir / "newsdesk.db")  # its own connection
    try:
        store = FeedStore(other)
        parts = web_container
        poller = FeedPoller(store, parts.fetcher, parts.feeds.poller.reader, parts.articles, 50, 60)
        second = FeedService(store, parts.fetcher, poller, 30, 50, 60)
        import threading

        reports: list[list] = [[], []]
        workers = [
            threading.Thread(target=lambda: reports[0].extend(parts.feeds.poll_due())),
            threading.Thread(target=lambda: reports[1].extend(second.poll_due())),
        ]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
    finally:
        other.close()
    polled = [r.feed_id for rs in reports for r in rs]
    assert len(polled) == len(set(polled))
    for path in ("/feeds/w1.xml", "/feeds/w2.xml", "/feeds/w3.xml"):
        assert len(site.hits(path)) == 2  # the add, and one poll


def test_the_background_poller_reads_a_new_feed(
    tmp_path_factory: pytest.TempPathFactory, scripted: FaultyLlm, embeddings: object, site: NewsSite
) -> None:
    parts = build(
        tmp_path_factory.mktemp("poller"),
        scripted,
        embeddings,
        fetch_allow="127.0.0.1",
        feed_check_interval_s=0.2,  # type: ignore[arg-type]
    )
    try:
        with serve(parts) as http:
            feed = follow(http, site.url(ATOM))
            deadline = time.monotonic() + 60
            while http.get(f"/feeds/{feed['id']}").json()["items_seen"] < 4:
                assert time.monotonic() < deadline, http.get(f"/feeds/{feed['id']}").json()
                time.sleep(0.2)
            assert total(http) == 4
    finally:
        parts.close()


def test_a_question_is_answered_from_a_feeds_article(rss: dict, web: TestClient, scripted: FaultyLlm) -> None:
    scripted.answer = "The Kestrel carried 640 passengers on its first day [1]."
    response = web.post(
        "/ask", json={"question": "How many passengers did the new ferry carry on its first day?"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert not body["abstained"] and body["citations"], body
    ferry = next(i for i in rss["items"] if i["url"].endswith("/news/harbour-ferry-returns"))
    assert body["citations"][0]["article_id"] == ferry["article_id"]
    assert "640" in body["citations"][0]["quote"]


def test_a_page_that_breaks_the_extractor_fails_alone_and_is_tried_again(
    rss: dict, web: TestClient, site: NewsSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    import service.sources.pages as pages
    from tests.site_pages import Story

    real = pages.extract_page

    def breaking(body: bytes, url: str, charset: str | None = None):  # type: ignore[no-untyped-def]
        if "broken-page" in url:
            raise RuntimeError("an extractor bug")
        return real(body, url, charset)

    monkeypatch.setattr(pages, "extract_page", breaking)
    long = [
        f"Paragraph {n} of the fine story tells of the harbour and its {n} new moorings." for n in range(6)
    ]
    site.add(
        Story("broken-page", "Broken", "A. Writer", "2026-11-20", ["One short paragraph."], summary="Short.")
    )
    site.add(Story("fine-page", "Fine story", "A. Writer", "2026-11-21", long, summary="Moorings."))
    report = poll(web, rss["feed"]["id"])
    by_slug = {i["url"].rsplit("/", 1)[-1]: i for i in report["items"]}
    assert by_slug["fine-page"]["status"] == "created"
    assert by_slug["broken-page"]["status"] == "failed" and "RuntimeError" in by_slug["broken-page"]["note"]
    assert report["feed"]["failed"] == 1 and "1 item(s)" in report["feed"]["last_error"]
    monkeypatch.setattr(pages, "extract_page", real)
    # A failed item is tried again when the feed is next fetched (a 304 reads no item): change it.
    site.change("broken-page", body=["One short paragraph.", *long], summary="Longer now.")
    again = poll(web, rss["feed"]["id"])
    assert [(i["url"].rsplit("/", 1)[-1], i["status"]) for i in again["items"]] == [
        ("broken-page", "created")
    ]


def test_a_feed_polled_meanwhile_is_not_claimed_again(web_container: Container, site: NewsSite) -> None:
    """The race two workers run: both saw the feed due; one polled it and gave the lease back."""
    site.alias("/feeds/raced.xml", ATOM)
    store = web_container.feeds.store
    feed, _ = web_container.feeds.add(site.url("/feeds/raced.xml"))
    assert store.claim(feed.id, "first", 60, due_only=True)
    assert not store.claim(feed.id, "second", 60, due_only=True)  # held
    assert store.finish(feed.id, "first", next_poll_at=time.time() + 600)
    assert not store.claim(feed.id, "second", 60, due_only=True)  # polled meanwhile: not due
    assert store.claim(feed.id, "by-hand", 60)  # a poll by hand needs only the lease
    assert not store.finish(feed.id, "first")  # a lost lease writes nothing
    assert store.finish(feed.id, "by-hand")
