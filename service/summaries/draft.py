"""The model's draft (its picks by id and its one sentence) turned into the brief's items, each with
the sentence of the article it rests on. The model never writes a quote, a number or a name: the
picked fact's own span and sentence come from the article here. Ids the schema would not admit,
and a `what` that states a number the article does not hold, are dropped and counted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from service.summaries.candidates import Candidates
from service.summaries.facts import Facts, NameFact
from service.summaries.models import CountItem, WhereItem, WhoItem
from service.text.numbers import values

MAX_WHAT_WORDS = 40


@dataclass
class Items:
    who: list[WhoItem]
    where: list[WhereItem]
    how_many: list[CountItem]
    what: str
    dropped: int


def _sentence(text: str, facts: Facts, offset: int) -> str:
    return next((text[a:b].strip() for a, b in facts.sentences if a <= offset < b), "")


def _picked(draft: dict[str, Any], key: str, table: dict[str, Any]) -> tuple[list[Any], int]:
    ids = draft.get(key) or []
    if not isinstance(ids, list):
        return [], 1
    known = [table[i] for i in dict.fromkeys(str(i).strip() for i in ids) if i in table]
    return known, len(ids) - len(known)


def check_what(what: str, text: str, title: str) -> tuple[str, bool]:
    """The model's sentence if it holds up (one sentence, at most 40 words, every number in the
    article), else the title; and whether it held up."""
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z])", " ".join(what.split()))[0] if what.strip() else ""
    ok = bool(first) and len(first.split()) <= MAX_WHAT_WORDS and values(first) <= values(text)
    return (first, True) if ok else (title, False)


def draft_to_items(draft: dict[str, Any], text: str, title: str, facts: Facts, candidates: Candidates) -> Items:
    counts, bad_counts = _picked(draft, "counts", candidates.counts)
    who, bad_who = _picked(draft, "who", candidates.who)
    where, bad_where = _picked(draft, "where", candidates.where)
    what, what_ok = check_what(str(draft.get("what") or ""), text, title)

    def quote(name: NameFact) -> str:
        return _sentence(text, facts, name.starts[0])

    return Items(
        who=[WhoItem(name=n.name, role=n.kind, quote=quote(n)) for n in who],
        where=[WhereItem(place=n.name, quote=quote(n)) for n in where],
        how_many=[
            CountItem(count=c.text, of_what=c.of_what or c.context, quote=_sentence(text, facts, c.start))
            for c in sorted(counts, key=lambda c: c.start)
        ],
        what=what,
        dropped=bad_counts + bad_who + bad_where + (0 if what_ok else 1),
    )
