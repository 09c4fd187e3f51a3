"""`newsdesk ingest URL`, `newsdesk ingest --urls FILE` and `newsdesk feeds add|list|poll|remove`:
real CLI processes, real embedder and Chroma, the fixture news site on 127.0.0.1, with
NEWSDESK_FETCH_ALLOW=127.0.0.1. Without the allow-list the same URL is refused and not fetched."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from index.registry import Registry
from tests.conftest import isolated_env
from tests.news_site import NewsSite

ALLOW = {"NEWSDESK_FETCH_ALLOW": "127.0.0.1"}


def newsdesk(
    data_dir: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    cli = str(Path(sys.executable).parent / "newsdesk")
    return subprocess.run(
        [cli, *args], env=isolated_env(data_dir, env), capture_output=True, text=True, timeout=600
    )


def stored(data_dir: Path) -> dict[str, dict]:
    registry = Registry(data_dir / "newsdesk.db")
    try:
        return {r.url or r.id: {"title": r.title, "text": r.text} for r in registry.page(0, 500)[0]}
    finally:
        registry.close()


def test_ingest_urls_and_a_file_of_urls(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with NewsSite() as site:
        one = newsdesk(data_dir, "ingest", site.url("/news/bridge-cycle-lane?utm_source=x"), env=ALLOW)
        assert one.returncode == 0, one.stderr[-2000:]
        assert json.loads(one.stdout.splitlines()[-1])["ingested"] == 1
        listing = tmp_path / "urls.txt"
        listing.write_text(
            "# morning reading\n"
            f"{site.url('/news/library-night-opening')}\n"
            f"{site.url('/news/council-budget-vote')}\n"  # script-only: nothing to extract
            "file:///etc/passwd\n"
            f"{site.url('/news/bridge-cycle-lane')}\n"
        )
        many = newsdesk(data_dir, "ingest", "--urls", str(listing), env=ALLOW)
        assert many.returncode == 0, many.stderr[-2000:]
        summary = json.loads(many.stdout.splitlines()[-1])
        assert (summary["ingested"], summary["failed"]) == (2, 2)  # the bridge again is "unchanged"
        assert "urls.txt:3" in many.stderr and "nothing_extracted" in many.stderr
        assert "urls.txt:4" in many.stderr and "url_not_allowed" in many.stderr
        articles = stored(data_dir)
        assert set(articles) == {site.url("/news/bridge-cycle-lane"), site.url("/news/library-night-opening")}
        assert (
            articles[site.url("/news/bridge-cycle-lane")]["title"] == site.stories["bridge-cycle-lane"].title
        )

        hits = len(site.requests)
        refused = newsdesk(tmp_path / "other", "ingest", site.url("/news/bridge-cycle-lane"))
        assert refused.returncode == 1 and "url_not_allowed" in refused.stderr
        assert len(site.requests) == hits


def test_feeds_commands(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with NewsSite() as site:
        added = newsdesk(
            data_dir, "feeds", "add", site.url("/feeds/atom.xml"), "--poll-minutes", "5", env=ALLOW
        )
        assert added.returncode == 0, added.stderr[-2000:]
        feed = json.loads(added.stdout)
        assert feed["poll_minutes"] == 5 and feed["status"] == "active"

        polled = newsdesk(data_dir, "feeds", "poll", env=ALLOW)  # every due feed: this one
        report = json.loads(polled.stdout.splitlines()[-1])
        assert report["outcome"] == "fetched" and report["created"] == 4, polled.stderr[-2000:]
        again = json.loads(newsdesk(data_dir, "feeds", "poll", feed["id"], env=ALLOW).stdout)
        assert again["outcome"] == "not_modified" and again["http_status"] == 304

        listed = [json.loads(line) for line in newsdesk(data_dir, "feeds", "list").stdout.splitlines()]
        assert [f["id"] for f in listed] == [feed["id"]] and listed[0]["items_seen"] == 4
        assert newsdesk(data_dir, "feeds", "remove", feed["id"]).returncode == 0
        gone = newsdesk(data_dir, "feeds", "remove", feed["id"])
        assert gone.returncode == 1 and "not_found" in gone.stderr
        assert newsdesk(data_dir, "feeds", "list").stdout.strip() == ""
        assert len(stored(data_dir)) == 4  # the articles stay

        refused = newsdesk(tmp_path / "other", "feeds", "add", site.url("/feeds/rss.xml"))
        assert refused.returncode == 1 and "url_not_allowed" in refused.stderr
