"""`newsdesk serve --workers 3` on one data dir (and a Chroma server, as several workers need):
every worker runs the background poller, and each due feed is polled by one of them only (the
lease row in the registry's database). Four feeds on the fixture site, polled every 0.3 s for due
work: each feed document is fetched twice (the check when it is added, then one poll: the next is
a minute away) and each poll is logged once across the workers' shared log."""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.test_chroma_server import chroma, llm, serve_workers, server_env  # noqa: F401 - fixtures
from tests.news_site import NewsSite

FEEDS = [f"/feeds/desk-{n}.xml" for n in range(4)]


@pytest.fixture(scope="module")
def site() -> Iterator[NewsSite]:
    with NewsSite() as news:
        for path in FEEDS:
            news.alias(path, "/feeds/atom.xml")
        yield news


def test_each_feed_is_polled_by_one_worker(tmp_path: Path, chroma: int, llm: str, site: NewsSite) -> None:  # noqa: F811
    env = server_env(chroma, llm, "feed-workers") | {
        "NEWSDESK_FETCH_ALLOW": "127.0.0.1",
        "NEWSDESK_FEED_CHECK_INTERVAL_S": "0.3",
        "NEWSDESK_FEED_POLL_MINUTES": "1",
    }
    with serve_workers(tmp_path, env, 3) as svc:
        ids = []
        for path in FEEDS:
            response = svc.http.post("/feeds", json={"url": site.url(path)})
            assert response.status_code == 201, response.text
            ids.append(response.json()["id"])
        deadline = time.monotonic() + 120
        while any(f["last_poll_at"] is None for f in svc.http.get("/feeds").json()["items"]):
            assert time.monotonic() < deadline, svc.http.get("/feeds").json()
            time.sleep(0.5)
        time.sleep(3)  # ten more rounds of every worker's poller: none may poll a feed again
        feeds = {f["id"]: f for f in svc.http.get("/feeds").json()["items"]}
        assert all(feeds[i]["items_seen"] == 4 and feeds[i]["last_status"] == 200 for i in ids), feeds
        for path in FEEDS:
            assert len(site.hits(path)) == 2, (
                path,
                [h.headers.get("if-none-match") for h in site.hits(path)],
            )
        polls = Counter(re.findall(r"polled feed (feed-\w+)", svc.log.read_text(errors="replace")))
        assert {i: polls[i] for i in ids} == dict.fromkeys(ids, 1)
        assert svc.http.get("/articles").json()["total"] == 4  # one story in four feeds: one article
