"""Answering a choice between two named things (choices.py): each option asked on its own, then the
server compares.

By a figure: the question asked of each option ("Halvorsen Foods is cutting how many jobs?") goes
the usual checked way (retrieve, answer, check, cite); each answer must give a figure and cite an
article that names its option; the larger (or smaller) figure wins. By date: each option's best
passage from an article that names it; the earlier (or later) publication date wins. The answer
names the winner first, then both figures, each cited: "Brightwater Logistics: 1,150 [1], against
640 for Halvorsen Foods [2]." When either side cannot be found, or the two figures are not of one
kind (pounds against euros), the answer is the abstention: asked whole, the model picks one by
chance ("Corran Energy employs more people, with 64,000 employees compared to Veldmark's 64,000",
own set, 2026-12-04)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from langchain_core.documents import Document

from index.clean import fold
from service.answers.chain import ABSTENTION
from service.answers.choices import Choice
from service.answers.citations import strip_markers
from service.answers.models import Answer, Citation
from service.text.numbers import currency, find_mentions, values

Ask = Callable[[str], Answer]
Search = Callable[[str], list[Document]]
Cite = Callable[[int, Document, str, str], Citation | None]
ArticleText = Callable[[str], str]  # article id -> its title and text, "" when unknown

_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9, "trillion": 1e12}
_FIGURE = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)\s*(k|m|bn|thousand|million|billion|trillion)?\b", re.I)
# A capitalised word of an option ("Halvorsen", "Skelder"): the article an answer cites must hold it.
_NAME_WORD = re.compile(r"\b[A-Z][\w'’&-]*")
_MINOR = {"The", "A", "An", "Of", "For", "And", "Against"}


def answer_choice(choice: Choice, ask: Ask, search: Search, cite: Cite, article_text: ArticleText) -> Answer:
    if choice.by == "date":
        chosen = _by_date(choice, search, cite, article_text)
    else:
        chosen = _by_figure(choice, ask, article_text)
    return chosen or Answer(answer=ABSTENTION, citations=[], abstained=True)


def names_option(option: str, text: str) -> bool:
    """Whether an article's title and text name the option: every capitalised word of it (all its
    words when none is capitalised)."""
    names = [w for w in _NAME_WORD.findall(option) if w not in _MINOR]
    wanted = names or re.findall(r"[a-z]{4,}", option.lower())
    folded = fold(text)
    return bool(wanted) and all(re.search(rf"(?<!\w){re.escape(fold(w))}(?!\w)", folded) for w in wanted)


def figure_of(answer: str) -> tuple[str, float, str] | None:
    """The first figure of an answer: as written, its value, its currency ("" when none). Years
    ("in 2024") are skipped; an answer with no figure has none."""
    text = strip_markers(answer)
    for mention in find_mentions(text):
        match = _FIGURE.search(mention.text)
        if match is None:
            found = values(mention.text)  # a number in words: "nine"
            if not found:
                continue
            return mention.text, max(found), currency(mention.text) or ""
        raw, scale = match.group(1), (match.group(2) or "").lower()
        value = float(raw.replace(",", "")) * _SCALE.get(scale, 1.0)
        if not scale and "," not in raw and 1900 <= value <= 2100 and not currency(mention.text):
            continue  # a year
        return mention.text, value, currency(mention.text) or ""
    return None


def _by_figure(choice: Choice, ask: Ask, article_text: ArticleText) -> Answer | None:
    sides: list[tuple[str, tuple[str, float, str], Citation]] = []
    for option, question in zip(choice.options, choice.asks, strict=True):
        answer = ask(question)
        if answer.abstained or not answer.citations:
            return None
        figure = figure_of(answer.answer)
        cited = answer.citations[0]
        if figure is None or not names_option(option, article_text(cited.article_id)):
            return None
        sides.append((option, figure, cited))
    (a, fa, ca), (b, fb, cb) = sides
    if fa[2] != fb[2]:
        return None  # pounds against euros, or money against a count: not one kind
    return _written(choice, (a, fa[0], fa[1], ca), (b, fb[0], fb[1], cb))


def _by_date(choice: Choice, search: Search, cite: Cite, article_text: ArticleText) -> Answer | None:
    sides: list[tuple[str, date, Citation]] = []
    for option, query in zip(choice.options, choice.asks, strict=True):
        doc = next(
            (
                d
                for d in search(query)
                if names_option(option, article_text(str(d.metadata.get("article_id"))))
            ),
            None,
        )
        published = _published(doc) if doc is not None else None
        if doc is None or published is None:
            return None
        cited = cite(1, doc, option, query)
        if cited is None:
            return None
        sides.append((option, published, cited))
    (a, da, ca), (b, db, cb) = sides
    if ca.article_id == cb.article_id:
        return None  # one article for both: its date orders nothing
    order = (a, _day(da), da.toordinal(), ca), (b, _day(db), db.toordinal(), cb)
    return _written(choice, *order, lead="reported on ")


def _published(doc: Document) -> date | None:
    raw = str(doc.metadata.get("published_at") or "")[:10]
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def _day(day: date) -> str:
    return f"{day.day} {day.strftime('%B %Y')}"


def _written(
    choice: Choice, a: tuple[str, str, float, Citation], b: tuple[str, str, float, Citation], lead: str = ""
) -> Answer:
    """The winner first, both sides cited: "Brightwater Logistics: 1,150 [1], against 640 for
    Halvorsen Foods [2]."; a tie says so."""
    if a[2] == b[2]:
        text = f"Neither: {lead}{a[1]} for {a[0]} [1], and {b[1]} for {b[0]} [2]."
        first, second = a, b
    else:
        first, second = (a, b) if (a[2] > b[2]) == choice.larger else (b, a)
        text = f"{_capital(first[0])}: {lead}{first[1]} [1], against {second[1]} for {second[0]} [2]."
    citations = [first[3].model_copy(update={"n": 1}), second[3].model_copy(update={"n": 2})]
    return Answer(answer=text, citations=citations, abstained=False)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
