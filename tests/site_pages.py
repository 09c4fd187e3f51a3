"""The fixture news site's pages and feeds, rendered from tests/data/site/*.json (text written for
this project). Three page layouts wrap each article body in the clutter real news pages carry: a
cookie banner, navigation, ads between paragraphs, related links, a newsletter box, share bars,
comment teasers and a footer. `boilerplate(layout)` lists that clutter's phrases, so a test or a
bench can check what an extractor kept and dropped; `body` the sentences it should keep."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "site"
SITE = "The Valley Courier"

COOKIE = "We use cookies to remember your settings and to measure how our pages are read."
NAV = ["Local news desk", "Sport and fixtures", "Business and farming", "Letters and opinion"]
AD = "Save twenty per cent on garden furniture at Hartley's this weekend only."
SPONSORED = "Compare energy tariffs in two minutes with SwitchWise."
NEWSLETTER = "Sign up for our free newsletter and get the day's local headlines at seven every morning."
SHARE = "Share this story with friends on social media"
COMMENTS = "Join the conversation and read what other readers think"
FOOTER = [
    "All rights reserved by the Valley Courier group",
    "Registered office at 12 Quay Street in Wrenmouth",
    "Privacy notice and cookie policy",
    "Terms and conditions of use",
]
PAYWALL = "Subscribe to the Courier to keep reading this story and every other one."


@dataclass
class Story:
    slug: str
    title: str
    author: str
    published: str
    body: list[str]
    layout: str = "classic"
    updated: str | None = None
    summary: str = ""
    related: list[str] = field(default_factory=list)
    kind: str = "article"  # or "script-only", "paywall"
    teaser: str = ""

    @property
    def path(self) -> str:
        return f"/news/{self.slug}"

    @property
    def text(self) -> str:
        return "\n\n".join(self.body)


def stories() -> list[Story]:
    return [Story(**raw) for raw in json.loads((DATA / "articles.json").read_text())]


def specials() -> list[Story]:
    return [Story(**raw) for raw in json.loads((DATA / "specials.json").read_text())]


def boilerplate(story: Story) -> list[str]:
    """Phrases of the clutter around this story's body on its page (none belongs in an article)."""
    common = [COOKIE, *NAV, NEWSLETTER, *FOOTER, *story.related]
    extra = {"classic": [AD], "divsoup": [SPONSORED], "modern": [SHARE, COMMENTS]}
    return common + extra.get(story.layout, [])


def _human(day: str) -> str:
    return datetime.fromisoformat(day).strftime("%-d %B %Y")


def _head(story: Story, base: str) -> str:
    updated = story.updated or story.published
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{escape(story.title)} | {SITE}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:title" content="{escape(story.title)}">
<meta property="og:site_name" content="{SITE}">
<meta property="article:published_time" content="{story.published}T07:30:00+00:00">
<meta property="article:modified_time" content="{updated}T16:05:00+00:00">
<meta name="author" content="{escape(story.author)}">
<link rel="canonical" href="{base}{story.path}">
<link rel="stylesheet" href="/static/site.css">
</head><body>
<div id="cookie-banner" class="cookie-consent" role="dialog"><p>{COOKIE}</p>
<button>Accept all cookies</button> <button>Manage preferences</button></div>
<header class="site-header"><a class="logo" href="/">{SITE}</a><nav><ul>
{"".join(f'<li><a href="/section/{n}">{label}</a></li>' for n, label in enumerate(NAV))}
</ul></nav></header>"""


def _related(story: Story, heading: str) -> str:
    items = "".join(
        f'<li><a href="/news/related-{n}">{escape(t)}</a></li>' for n, t in enumerate(story.related)
    )
    return f'<aside class="related"><h2>{heading}</h2><ul>{items}</ul></aside>'


_NEWSLETTER = f"""<div class="newsletter"><h3>Get the morning briefing</h3><p>{NEWSLETTER}</p>
<form><input type="email" placeholder="Your email"><button>Subscribe now</button></form></div>"""
_FOOTER = "<footer><p>{}</p><p>{}</p><ul><li><a href='/privacy'>{}</a></li><li><a href='/terms'>{}</a></li></ul></footer>".format(
    *FOOTER
)


def _classic(story: Story) -> str:
    paragraphs = [f"<p>{escape(p)}</p>" for p in story.body]
    ad = f'<div class="ad-slot"><span>Advertisement</span><p>{AD}</p></div>'
    paragraphs.insert(2, ad)
    return f"""<main><article>
<h1>{escape(story.title)}</h1>
<p class="byline">By <span class="author">{escape(story.author)}</span> ·
<time datetime="{story.published}">{_human(story.published)}</time></p>
{"".join(paragraphs)}
</article>
{_related(story, "More from the Courier")}
{_NEWSLETTER}
</main>{_FOOTER}"""


def _divsoup(story: Story) -> str:
    paragraphs = [f'<div class="txt"><p>{escape(p)}</p></div>' for p in story.body]
    paragraphs.insert(3, f'<div class="sponsored"><b>Sponsored</b> {SPONSORED}</div>')
    return f"""<div id="wrap"><div class="col-left">
<div class="headline"><h1>{escape(story.title)}</h1></div>
<div class="author-name">by {escape(story.author)}</div>
<div class="date">Published {_human(story.published)}</div>
<div class="story-body">{"".join(paragraphs)}</div>
</div><div class="col-right"><div class="box"><h3>Trending now</h3><ul>
{"".join(f'<li><a href="/t/{n}">{escape(t)}</a></li>' for n, t in enumerate(story.related))}
</ul></div>{_NEWSLETTER}</div></div>
<div class="bottom">{_FOOTER}</div>"""


def _modern(story: Story) -> str:
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title,
        "datePublished": f"{story.published}T07:30:00Z",
        "dateModified": f"{story.updated or story.published}T16:05:00Z",
        "author": {"@type": "Person", "name": story.author},
    }
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in story.body)
    return f"""<script type="application/ld+json">{json.dumps(ld)}</script>
<main><div class="share-bar"><span>{SHARE}</span><button>Copy link</button></div>
<h1 class="title">{escape(story.title)}</h1>
<div class="meta">{escape(story.author)} — <time datetime="{story.published}">{_human(story.published)}</time></div>
<section class="article-body">{paragraphs}</section>
<div class="comments-teaser"><a href="#comments">{COMMENTS}</a> (23 comments)</div>
{_related(story, "Most read")}
{_NEWSLETTER}
</main>{_FOOTER}"""


def _script_only(story: Story) -> str:
    payload = json.dumps({"title": story.title, "paragraphs": story.body})
    return f"""<div id="app">Loading…</div>
<script>window.__STORY__ = {payload}; document.getElementById("app").textContent = "";</script>
{_FOOTER}"""


def _paywall(story: Story) -> str:
    return f"""<main><article><h1>{escape(story.title)}</h1>
<p class="byline">By {escape(story.author)} · <time datetime="{story.published}">{_human(story.published)}</time></p>
<p>{escape(story.teaser)}</p>
<div class="paywall"><p>{PAYWALL}</p><button>Subscribe from one pound a week</button></div>
</article></main>{_FOOTER}"""


LAYOUTS = {
    "classic": _classic,
    "divsoup": _divsoup,
    "modern": _modern,
    "script-only": _script_only,
    "paywall": _paywall,
}


def render_page(story: Story, base: str) -> bytes:
    layout = story.kind if story.kind != "article" else story.layout
    return (_head(story, base) + LAYOUTS[layout](story) + "</body></html>").encode()


def _rfc822(day: str) -> str:
    return format_datetime(datetime.fromisoformat(day).replace(hour=7, minute=30, tzinfo=UTC), usegmt=True)


def render_rss(items: list[Story], base: str, title: str = SITE, tracking: bool = True) -> bytes:
    """RSS 2.0; links carry utm_ parameters (canonicalisation drops them); script-only and paywalled
    stories carry their full text in content:encoded, the others a one-line description."""
    entries = []
    for story in items:
        link = f"{base}{story.path}" + ("?utm_source=rss&amp;utm_medium=feed" if tracking else "")
        full = story.kind != "article"
        content = (
            f"<content:encoded><![CDATA[{''.join(f'<p>{escape(p)}</p>' for p in story.body)}]]></content:encoded>"
            if full
            else ""
        )
        entries.append(
            f"""<item><title>{escape(story.title)}</title><link>{link}</link>
<guid isPermaLink="false">courier-{story.slug}</guid><pubDate>{_rfc822(story.published)}</pubDate>
<dc:creator>{escape(story.author)}</dc:creator>
<description>{escape(story.summary or (story.teaser or story.body[0]))}</description>{content}</item>"""
        )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>{escape(title)}</title><link>{base}/</link><description>Local news</description>
{"".join(entries)}
</channel></rss>""".encode()


def render_atom(items: list[Story], base: str) -> bytes:
    entries = "".join(
        f"""<entry><title>{escape(s.title)}</title><link rel="alternate" href="{s.path}"/>
<id>tag:courier.test,2026:{s.slug}</id><published>{s.published}T07:30:00Z</published>
<updated>{s.updated or s.published}T16:05:00Z</updated><author><name>{escape(s.author)}</name></author>
<summary>{escape(s.summary)}</summary></entry>"""
        for s in items
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="{base}/"><title>{SITE} (Atom)</title>
<id>tag:courier.test,2026:feed</id><updated>2026-11-30T00:00:00Z</updated>
<link rel="self" href="{base}/feeds/atom.xml"/>{entries}</feed>""".encode()


def generated(n: int) -> list[Story]:
    """n distinct stories for a large feed: the fixture stories in turn, each copy's paragraphs
    rotated and given an edition line, across the three layouts."""
    base = stories()
    out = []
    for i in range(n):
        story = base[i % len(base)]
        shift = i % len(story.body)
        body = story.body[shift:] + story.body[:shift]
        body = [*body, f"This is edition {i} of the story, filed for the regional pages on day {i % 28 + 1}."]
        layout = ["classic", "divsoup", "modern"][i % 3]
        out.append(
            Story(
                slug=f"gen-{i}-{story.slug}",
                title=f"{story.title} (edition {i})",
                author=story.author,
                published=story.published,
                body=body,
                layout=layout,
                summary=story.summary,
                related=story.related,
            )
        )
    return out
