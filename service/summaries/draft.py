"""The chosen facts turned into the brief's items, each with the sentence of the article it rests
on, and the model's one sentence checked. Nothing here is written by the model but `what`: the
quotes, numbers and names are the article's own spans."""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.clean import fold
from service.summaries.facts import Facts, NameFact
from service.summaries.models import CountItem, WhereItem, WhoItem
from service.summaries.selection import Picks
from service.text.numbers import values

MAX_WHAT_WORDS = 40
MIN_WHAT_WORDS = 4  # an actor, a verb and what happened: "PWNED" is no sentence


@dataclass
class Items:
    who: list[WhoItem]
    where: list[WhereItem]
    how_many: list[CountItem]


def _sentence(text: str, facts: Facts, offset: int) -> str:
    return next((text[a:b].strip() for a, b in facts.sentences if a <= offset < b), "")


# A capitalised word, with its inner apostrophes and hyphens ("O'Neill", "Mensah-Crowe").
_CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


def unknown_names(sentence: str, text: str) -> list[str]:
    """The capitalised words of `sentence` that the article never uses, in any case: a name the
    model made up ("starring Tom Hardy" in a film story that names no Tom Hardy) or spelt its own way
    ("Gillard's" for "Gilliard's"). In any case, so that a sentence may start with a word the article
    has only in lower case ("Strikes ..."); its possessive and each part of a hyphenated word are
    looked up on their own when the whole is not there ("Paravel-Ondine")."""
    words = set(re.findall(r"[\w]+(?:['’-][\w]+)*", fold(text)))  # fold lower-cases
    parts = {p for w in words for p in re.split(r"['’-]", w)}
    unknown = []
    for word in _CAPITALISED.findall(sentence):
        bare = _POSSESSIVE.sub("", fold(word)).strip("'’-")
        if bare and bare not in words and not all(p in parts for p in re.split(r"['’-]", bare) if p):
            unknown.append(word)
    return unknown


def check_what(what: str, text: str) -> str | None:
    """The model's first sentence if it holds up: 4 to 40 words, every number and every name in
    the article (checked like any item: the model writes this sentence, so nothing in it is taken
    on trust)."""
    flat = " ".join(what.split()).strip().strip('"')
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z])", flat)[0] if flat else ""
    if (
        MIN_WHAT_WORDS <= len(first.split()) <= MAX_WHAT_WORDS
        and values(first) <= values(text)
        and not unknown_names(first, text)
    ):
        return first
    return None


def picks_to_items(text: str, facts: Facts, picks: Picks) -> Items:
    def quote(name: NameFact) -> str:
        return _sentence(text, facts, name.starts[0])

    return Items(
        who=[WhoItem(name=n.name, role=n.kind, quote=quote(n)) for n in picks.who],
        where=[WhereItem(place=n.name, quote=quote(n)) for n in picks.where],
        how_many=[
            CountItem(count=c.text, of_what=c.of_what or c.context, quote=_sentence(text, facts, c.start))
            for c in picks.counts
        ],
    )
