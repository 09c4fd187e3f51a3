"""From the bytes of a page to an article: main text, title, date, author (trafilatura, dates by
htmldate); and the text of the HTML a feed carries.

trafilatura is given bytes or a parsed tree, never a URL, so it fetches nothing (it can download on
its own; here the guarded client is the only one that does). bench/extraction.py measured it
against jusText and a readability-style extractor on the project's own pages (README: Measured)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import lxml.html
import trafilatura
from lxml import etree

log = logging.getLogger(__name__)

_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "br", "tr", "pre", "section")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
# htmldate: the date the article was first published (not last updated), from markup first.
_DATES = {"extensive_search": True, "original_date": True, "outputformat": "%Y-%m-%d"}


@dataclass
class Extracted:
    text: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    author: str | None = None
    sitename: str | None = None
    canonical: str | None = None  # the URL the page names as its own (rel=canonical, og:url)


def decode(body: bytes, charset: str | None) -> str | bytes:
    """Text when the server named a charset Python knows; otherwise the bytes, for trafilatura to
    read the page's <meta charset> or guess."""
    if charset:
        try:
            return body.decode(charset, errors="replace")
        except LookupError:
            pass
    return body


def extract_page(body: bytes, url: str, charset: str | None = None) -> Extracted:
    """The page's article; `text` is "" when there is none (script-only pages, empty shells)."""
    tree = trafilatura.load_html(decode(body, charset))
    if tree is None:
        return Extracted("")
    try:
        document = trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            deduplicate=False,
            date_extraction_params={**_DATES, "url": url},
        )
    except (ValueError, etree.LxmlError) as exc:  # a page trafilatura cannot walk holds no article
        log.info("extraction of %s failed: %s", url, exc)
        return Extracted("")
    if document is None or isinstance(document, dict):
        return Extracted("")
    return Extracted(
        text=_tidy(document.text or ""),
        title=_one_line(document.title),
        published=document.date or None,
        author=_one_line(document.author),
        sitename=_one_line(document.sitename),
        canonical=document.url or None,
    )


def fragment_text(html: str) -> str:
    """Plain text of an HTML fragment (a feed's content or summary), one paragraph per block."""
    if not html or not html.strip():
        return ""
    if "<" not in html:
        return _tidy(html)
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return _tidy(re.sub(r"<[^>]+>", " ", html))
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    for block in root.iter(*_BLOCKS):
        block.tail = "\n\n" + (block.tail or "")
    return _tidy(root.text_content())


def _tidy(text: str) -> str:
    paragraphs = (_SPACES.sub(" ", p).strip() for p in re.split(r"\n\s*\n|\n", text))
    return "\n\n".join(p for p in paragraphs if p)


def _one_line(value: str | None) -> str | None:
    if not value:
        return None
    line = _SPACES.sub(" ", value.replace("\n", " ")).strip()
    return line[:1_000] or None
