"""The web page at GET /, driven in headless Chromium against the real service (real models).

An editor's session: enter the API key, add the seed article, ask how many women were freed and
see 84 streamed in, follow the [n] link to the highlighted quote, open the summary card and click
a count to its quote, run a batch, delete the article; then the same page at phone width.
A screenshot of each step goes to test-artifacts/web-*.png, to be looked at, not only asserted.

The browser is the Debian `chromium` package (`make browser`), never a Playwright download."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from index.clean import fold
from service.text.numbers import values
from tests.conftest import ARTIFACTS, Service, run_service, seed_text

sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
KEY = "web-" + "9" * 28
TITLE = "Peru police free 84 women held by Tren de Aragua"
ANSWER_MS = 300_000  # one streamed answer at one thread, with other tests sharing the cores
SUMMARY_MS = 600_000


@pytest.fixture(scope="module")
def svc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    # With a key required, the session also shows that the page asks for one and then sends it.
    with run_service(tmp_path_factory.mktemp("web"), "web", {"NEWSDESK_API_KEYS": KEY}) as service:
        yield service


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed: run `make browser`")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def shot(page: object, name: str, full: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"web-{name}.png"), full_page=full)  # type: ignore[attr-defined]


def enter_key(page: object) -> None:
    expect = sync_api.expect
    expect(page.locator("#key-form")).to_be_visible()  # type: ignore[attr-defined]
    page.fill("#key-input", KEY)  # type: ignore[attr-defined]
    page.press("#key-input", "Enter")  # type: ignore[attr-defined]
    expect(page.locator("#key-form")).to_be_hidden()  # type: ignore[attr-defined]


def test_editor_session(svc: Service, browser: object) -> None:
    expect = sync_api.expect
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(svc.base_url + "/")
    expect(page.locator("#status")).to_contain_text("API key")
    shot(page, "01-key")
    enter_key(page)
    expect(page.locator("#article-list")).to_contain_text("No articles yet")

    # Add the seed article through the form.
    page.fill("#a-title", TITLE)
    page.fill("#a-text", seed_text())
    page.fill("#a-url", "https://example.org/peru-84-women")
    page.fill("#a-date", "2024-06-01")
    page.click("#add-form button[type=submit]")
    row = page.locator("#article-list li[data-id]")
    expect(row).to_have_count(1, timeout=120_000)
    expect(row).to_contain_text(TITLE)
    expect(row.locator(".meta")).to_contain_text("2024-06-01 · example.org ·")
    expect(row.locator(".meta")).to_contain_text("chunks")
    shot(page, "02-added", full=True)

    # Ask; the answer streams in, then the checked answer with [n] links replaces it.
    page.fill("#chat-input", "How many women were freed?")
    page.press("#chat-input", "Enter")
    answer = page.locator(".msg.assistant").last
    expect(answer).to_have_attribute("aria-busy", "false", timeout=ANSWER_MS)
    assert 84 in values(answer.locator(".body").inner_text()), answer.inner_text()
    assert not answer.evaluate("el => el.classList.contains('abstained')")
    shot(page, "03-answer")

    # The [n] link opens the article with the quoted sentence highlighted and in view.
    answer.locator(".body > a.cite").first.click()
    expect(page.locator("#reader")).to_be_visible()
    mark = page.locator("#reader-text mark")
    expect(mark).to_be_visible()
    expect(mark).to_be_in_viewport()
    quote = answer.locator(".sources q").first.inner_text()
    assert fold(mark.inner_text()) == fold(quote)
    assert 84 in values(mark.inner_text()) or "84" in page.locator("#reader-text").inner_text()
    shot(page, "04-source")
    page.keyboard.press("Escape")
    expect(page.locator("#reader")).to_be_hidden()

    # The summary card: made on first open; a count highlights its sentence.
    row.locator("button", has_text="Summary").click()
    items = page.locator("#summary-content .item")
    expect(items.first).to_be_visible(timeout=SUMMARY_MS)
    expect(page.locator("#summary-content h4")).to_have_text(["Who", "Where", "How many"], ignore_case=True)
    expect(page.locator("#summary-content .what")).to_contain_text("What:")
    counts = page.locator("#summary-content ul.items").nth(2).locator(".item")
    target = counts.filter(has_text="84") if counts.filter(has_text="84").count() else items.first
    target.first.click()
    expect(mark).to_be_visible()
    if counts.filter(has_text="84").count():
        assert "84" in mark.inner_text()
    shot(page, "05-summary")
    page.click("#reader-close")

    # A batch over the ticked article: its summary is stored, so the job finishes quickly.
    row.locator(".tick").check()
    page.click("#batch-start")
    expect(page.locator("#batch-status")).to_contain_text("done", timeout=SUMMARY_MS)
    expect(page.locator("#batch-progress")).to_have_attribute("value", "1")
    shot(page, "06-batch", full=True)
    assert not errors, errors


def test_phone_width(svc: Service, browser: object) -> None:
    """375 px: nothing wider than the screen, and the stored summary card still reads well."""
    expect = sync_api.expect
    page = browser.new_page(viewport={"width": 375, "height": 812})  # type: ignore[attr-defined]
    page.goto(svc.base_url + "/")
    enter_key(page)
    row = page.locator("#article-list li[data-id]")
    expect(row).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "07-phone", full=True)
    row.locator("button", has_text="Summary").click()
    expect(page.locator("#summary-content .item").first).to_be_visible(timeout=SUMMARY_MS)
    expect(page.locator("#reader-close")).to_be_in_viewport()
    expect(page.locator("#summary-h")).to_be_in_viewport()
    shot(page, "08-phone-summary")

    # Delete from the page (accepting the confirm dialog); the list is empty again.
    page.click("#reader-close")
    page.once("dialog", lambda dialog: dialog.accept())
    row.locator("button", has_text="Delete").click()
    expect(page.locator("#article-list")).to_contain_text("No articles yet")
    assert svc.http.get("/articles", headers={"Authorization": f"Bearer {KEY}"}).json()["total"] == 0


def test_page_files_are_open_but_nothing_else(svc: Service) -> None:
    """The page loads without a key (it has no data); no path reaches outside service/api/web/."""
    assert svc.http.get("/").headers["content-type"].startswith("text/html")
    assert svc.http.get("/web/app.js").status_code == 404
    assert svc.http.get("/web/chat.js").headers["content-type"].startswith("text/javascript")
    for path in ("/web/..%2Frouters%2Fweb.py", "/web/%2e%2e/app.py", "/web/"):
        assert svc.http.get(path).status_code in (401, 404), path
    assert svc.http.get("/articles").status_code == 401
