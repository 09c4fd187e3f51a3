"""The page's web sources, in headless Chromium against the real service (no LLM needed: the
OpenAI provider points at a closed port) and the fixture news site on 127.0.0.1: add a page by its
URL, follow a feed, poll it now and see its status and articles, see a refused URL explained,
remove the feed; then the same page at phone width. Screenshots go to test-artifacts/web-sources-*.png."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.conftest import Service, no_llm_env, run_service
from tests.e2e.test_web import ARGS, CHROMIUM, shot
from tests.news_site import NewsSite

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def site() -> Iterator[NewsSite]:
    with NewsSite() as news:
        yield news


@pytest.fixture(scope="module")
def svc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    env = no_llm_env(NEWSDESK_FETCH_ALLOW="127.0.0.1", NEWSDESK_FEED_CHECK_INTERVAL_S="1")
    with run_service(tmp_path_factory.mktemp("web-sources"), "web-sources", env) as service:
        yield service


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed: run `make browser`")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def test_add_a_page_and_follow_a_feed(svc: Service, site: NewsSite, browser: object) -> None:
    expect = sync_api.expect
    page = browser.new_page(viewport={"width": 1280, "height": 1000})  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(svc.base_url + "/")
    expect(page.locator("#article-list")).to_contain_text("No articles yet")
    expect(page.locator("#feed-list")).to_contain_text("No feeds yet")

    # A page by its URL: fetched, extracted, listed with its own title and date.
    page.fill("#u-url", site.url("/news/museum-lost-map?utm_source=share"))
    page.click("#url-form button[type=submit]")
    expect(page.locator("#status")).to_contain_text("Page added", timeout=60_000)
    rows = page.locator("#article-list li[data-id]")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(site.stories["museum-lost-map"].title)
    expect(rows.first.locator(".meta")).to_contain_text("2026-08-27 · The Valley Courier")

    # A refused URL is explained, and nothing is added.
    page.fill("#u-url", "http://127.0.0.2:9/private")  # loopback, but not the allowed 127.0.0.1
    page.click("#url-form button[type=submit]")
    expect(page.locator("#status")).to_contain_text("not a public address")
    expect(page.locator("#status")).to_have_class("status error")
    expect(rows).to_have_count(1)

    # Follow the Atom feed; poll it now; its four stories arrive.
    page.fill("#f-url", site.url("/feeds/atom.xml"))
    page.fill("#f-minutes", "5")
    page.click("#feed-form button[type=submit]")
    feed = page.locator("#feed-list li[data-id]")
    expect(feed).to_have_count(1, timeout=30_000)
    expect(feed).to_contain_text("The Valley Courier (Atom)")
    expect(feed.locator(".meta").last).to_contain_text("every 5 min")
    feed.locator("button", has_text="Poll now").click()
    # The service's own poller (every second here) may hold the feed at that moment: a 409 then.
    expect(page.locator("#status")).to_contain_text(re.compile("Polled|being polled"), timeout=120_000)
    expect(feed.locator(".meta").last).to_contain_text("4 items seen", timeout=30_000)
    expect(rows).to_have_count(5, timeout=30_000)
    shot(page, "sources-01-feed", full=True)

    # Stop following it: the feed goes, its articles stay.
    page.once("dialog", lambda dialog: dialog.accept())
    feed.locator("button", has_text="Remove").click()
    expect(page.locator("#feed-list")).to_contain_text("No feeds yet")
    expect(rows).to_have_count(5)
    assert not errors, errors


def test_phone_width(svc: Service, browser: object) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 812})  # type: ignore[attr-defined]
    page.goto(svc.base_url + "/")
    sync_api.expect(page.locator("#feed-form")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "sources-02-phone", full=True)
