"""Extraction and feed parsing on the fixture site's own pages and feeds, offline: the body is kept
and the clutter dropped on every layout, title/date/author are right, a script-only page extracts
to nothing; feeds give canonical links, guids and fingerprints. Neither library touches the network
or the disk: with sockets and open() refused, both still work, and bytes that spell a file name are
read as a (broken) feed, never as that file."""

from __future__ import annotations

import builtins
import socket

import pytest

from service.errors import NotAFeed
from service.sources.extract import extract_page, fragment_text
from service.sources.feed_document import parse_feed
from tests.site_pages import boilerplate, render_atom, render_page, render_rss, specials, stories

BASE = "https://courier.example"


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network or file access: {args!r}")

    real_open = builtins.open

    def no_files(file: object, *args: object, **kwargs: object) -> object:
        if isinstance(file, str | bytes) and str(file if isinstance(file, str) else file.decode()).startswith(
            "/etc"
        ):
            refuse(file)
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(builtins, "open", no_files)


@pytest.mark.parametrize("story", stories(), ids=lambda s: f"{s.layout}-{s.slug}")
def test_each_layout_gives_the_body_and_not_the_clutter(story, offline: None) -> None:  # type: ignore[no-untyped-def]
    found = extract_page(render_page(story, BASE), BASE + story.path)
    for paragraph in story.body:
        assert paragraph in found.text
    for clutter in boilerplate(story):
        assert clutter not in found.text, clutter
    assert (found.title, found.published, found.author) == (story.title, story.published, story.author)
    assert found.canonical == BASE + story.path and found.sitename == "The Valley Courier"


def test_a_script_only_page_and_a_paywall_hold_almost_nothing(offline: None) -> None:
    for story in specials():
        text = extract_page(render_page(story, BASE), BASE + story.path).text
        assert len(text) < 250 and not any(p in text for p in story.body[1:])


def test_a_declared_charset_wins_and_junk_is_no_article() -> None:
    page = (
        "<html><head><title>Café</title></head><body><article><p>"
        + "Le café est ouvert. " * 20
        + "</p></article></body></html>"
    )
    assert "café" in extract_page(page.encode("latin-1"), BASE, "iso-8859-1").text
    assert extract_page(b"", BASE).text == ""
    assert len(extract_page(b"\x00\x01\x02 not html", BASE).text) < 20  # no article: under any minimum


def test_fragments_become_paragraphs() -> None:
    html = "<p>One <b>bold</b> line.</p><script>alert(1)</script><p>Two&amp;three.</p><ul><li>four</li></ul>"
    assert fragment_text(html) == "One bold line.\n\nTwo&three.\n\nfour"
    assert fragment_text("plain   text") == "plain text"
    assert fragment_text("") == ""


def test_rss_and_atom_items(offline: None) -> None:
    every = [*stories(), *specials()]
    rss = parse_feed(render_rss(every, BASE), BASE + "/feeds/rss.xml", "application/rss+xml", 100)
    assert rss.title == "The Valley Courier" and len(rss.items) == len(every)
    first = rss.items[0]
    assert first.link == BASE + every[0].path  # utm_ parameters dropped
    assert (
        first.guid == f"courier-{every[0].slug}"
        and first.published
        and first.published.startswith(every[0].published)
    )
    paywalled = next(i for i in rss.items if i.link and i.link.endswith("rail-fares-freeze"))
    assert all(p in paywalled.text for p in specials()[1].body)  # content:encoded, not the summary
    atom = parse_feed(render_atom(every[:4], BASE), BASE + "/feeds/atom.xml", "application/atom+xml", 100)
    assert [i.link for i in atom.items] == [BASE + s.path for s in every[:4]]  # relative links resolved
    assert len(parse_feed(render_rss(every, BASE), BASE, None, 3).items) == 3


def test_a_changed_entry_changes_its_fingerprint_only() -> None:
    story = stories()[0]
    before = parse_feed(render_rss([story], BASE), BASE, None, 10).items[0]
    story.summary = "A new summary."
    after = parse_feed(render_rss([story], BASE), BASE, None, 10).items[0]
    assert before.link == after.link and before.guid == after.guid
    assert before.fingerprint != after.fingerprint and before.content_hash != after.content_hash


@pytest.mark.parametrize("body", [b"/etc/passwd", b"/etc/hostname", b"<html><body>a page</body></html>", b""])
def test_what_is_not_a_feed_is_refused_and_never_opened_as_a_file(body: bytes, offline: None) -> None:
    with pytest.raises(NotAFeed):
        parse_feed(body, BASE + "/feed", "application/xml", 10)
