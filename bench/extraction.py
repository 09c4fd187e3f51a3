"""Main-text extraction on the project's own fixture pages (tests/data/site, three layouts with a
cookie banner, navigation, ads, related links, a newsletter box and a footer around the body):
trafilatura as Newsdesk runs it, and in the same run trafilatura's precision and recall modes,
jusText, a readability-style extractor (the arc90 scoring: the element whose paragraphs hold the
most text wins) and every <p> of the page.

Printed per extractor: share of body sentences kept, share of boilerplate phrases dropped, pages
whose title/date/author came out right (Newsdesk's path only: the others give text alone), and
milliseconds per page (parse included; best of --rounds). Pages are rendered in memory, nothing
is fetched.

    .venv/bin/python bench/extraction.py [--rounds 5] [--generated 30] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import justext  # noqa: E402
import lxml.html  # noqa: E402
import trafilatura  # noqa: E402

from service.sources.extract import extract_page  # noqa: E402
from tests.site_pages import Story, boilerplate, generated, render_page, stories  # noqa: E402

BASE = "https://courier.example"
_SPACES = re.compile(r"\s+")


def norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def sentences(story: Story) -> list[str]:
    return [s for p in story.body for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", p) if s]


def newsdesk(html: bytes) -> str:
    return extract_page(html, BASE).text


def trafilatura_mode(**mode: bool) -> Callable[[bytes], str]:
    def run(html: bytes) -> str:
        return trafilatura.extract(html, url=BASE, include_comments=False, **mode) or ""

    return run


def jus(**options: int) -> Callable[[bytes], str]:
    def run(html: bytes) -> str:
        paragraphs = justext.justext(html, justext.get_stoplist("English"), **options)
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return run


def readability_style(html: bytes) -> str:
    """The arc90 core: each <p> gives its parent (and half to the grandparent) points for its
    length and commas; the best-scoring element's paragraphs are the article."""
    root = lxml.html.fromstring(html)
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    scores: dict[lxml.html.HtmlElement, float] = {}
    for p in root.iter("p"):
        text = norm(p.text_content())
        if len(text) < 25:
            continue
        points = 1 + text.count(",") + min(len(text) // 100, 3)
        parent = p.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + points
            grand = parent.getparent()
            if grand is not None:
                scores[grand] = scores.get(grand, 0) + points / 2
    if not scores:
        return ""
    best = max(scores, key=lambda e: scores[e])
    return "\n".join(norm(p.text_content()) for p in best.iter("p"))


def every_paragraph(html: bytes) -> str:
    return "\n".join(norm(p.text_content()) for p in lxml.html.fromstring(html).iter("p"))


EXTRACTORS: dict[str, Callable[[bytes], str]] = {
    "newsdesk (trafilatura default)": newsdesk,
    "trafilatura favor_precision": trafilatura_mode(favor_precision=True),
    "trafilatura favor_recall": trafilatura_mode(favor_recall=True),
    "jusText (defaults)": jus(),
    # Its default needs one paragraph of 200+ characters to anchor the rest; news paragraphs are shorter.
    "jusText (length_high=100)": jus(length_high=100),
    "readability-style": readability_style,
    "every <p>": every_paragraph,
}


def measure(pages: list[tuple[Story, bytes]], rounds: int) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for name, extractor in EXTRACTORS.items():
        kept = total_sentences = dropped = total_clutter = 0
        best = float("inf")
        for _ in range(rounds):
            started = time.perf_counter()
            texts = [norm(extractor(html)) for _, html in pages]
            best = min(best, time.perf_counter() - started)
        for (story, _), text in zip(pages, texts, strict=True):
            body = sentences(story)
            kept += sum(norm(s) in text for s in body)
            total_sentences += len(body)
            clutter = boilerplate(story)
            dropped += sum(norm(c) not in text for c in clutter)
            total_clutter += len(clutter)
        out[name] = {
            "body_kept": kept / total_sentences,
            "boilerplate_dropped": dropped / total_clutter,
            "ms_per_page": 1000 * best / len(pages),
        }
    return out


def metadata_right(pages: list[tuple[Story, bytes]]) -> dict[str, int]:
    right = {"title": 0, "date": 0, "author": 0, "pages": len(pages)}
    for story, html in pages:
        found = extract_page(html, BASE)
        right["title"] += found.title == story.title
        right["date"] += found.published == story.published
        right["author"] += found.author == story.author
    return right


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--generated", type=int, default=30, help="rotated copies added to the 8 stories")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    chosen = [*stories(), *generated(args.generated)]
    pages = [(s, render_page(s, BASE)) for s in chosen]
    figures = measure(pages, args.rounds)
    meta = metadata_right(pages)
    print(
        f"{len(pages)} pages ({len(stories())} stories + {args.generated} rotated copies), best of {args.rounds} rounds"
    )
    print(f"{'extractor':32} {'body kept':>10} {'boilerplate dropped':>20} {'ms/page':>8}")
    for name, f in figures.items():
        print(f"{name:32} {f['body_kept']:>10.3f} {f['boilerplate_dropped']:>20.3f} {f['ms_per_page']:>8.2f}")
    print(f"newsdesk metadata right: title {meta['title']}/{meta['pages']}, date {meta['date']}/{meta['pages']}, "
          f"author {meta['author']}/{meta['pages']}")  # fmt: skip
    if args.json:
        print(json.dumps({"extractors": figures, "metadata": meta}))


if __name__ == "__main__":
    from common import print_cpu_line

    print_cpu_line()  # which fast paths these figures ran on
    main()
