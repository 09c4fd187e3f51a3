"""One actor under several names: the record of a name in a story (`NameFact`), and the ways a
story names the same actor again, folded into one record: a surname or a first name alone, a body's
first word, its initials, or "the museum" for the museum it named."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from service.summaries.naming import ACTING_PLACES, clean_name
from service.text.names import SPEECH


@dataclass
class NameFact:
    name: str
    kind: str  # "person", "organisation" or "place"
    first: int  # index of the sentence it first appears in
    mentions: int = 0
    spoke: bool = False  # the subject of "said", "told"...: a quoted actor
    acted: bool = False  # the subject of some other verb
    located: bool = False  # once the object of "in", "at"...: where something happens
    settled: bool = False  # once "the village of X" or "X council": a place, whatever else it does
    labels: int = 0  # mentions that only qualify a thing: "Crownfield biscuits", "the MMR vaccine"
    starts: list[int] = field(default_factory=list)  # offsets of its mentions


def merge_surnames(found: dict[str, NameFact]) -> None:
    """ "Blunkett" after "David Blunkett" is the same person: fold its mentions into the full name.
    (Not a place: "in Brackenholt" is no one's surname, even with a group called "Safer Brackenholt".)
    So is a first name alone ("Tanya" after "Tanya Boyle") and a body's first word ("the Grand"
    after "the Grand Playhouse"), unless it names a place ("Brandmoor" of "Brandmoor City Council")."""
    people = [f for f in found.values() if f.kind == "person" and " " in f.name]
    bodies = [f for f in found.values() if f.kind == "organisation" and " " in f.name]
    for short in [f for f in found.values() if " " not in f.name and not (f.located or f.settled)]:
        full = next((p for p in people if p.name.split()[-1] == short.name), None)
        if full is None and short.kind != "place":
            full = next((p for p in people + bodies if p.name.split()[0] == short.name), None)
        if full is not None:
            _fold(short, full, found)


def _fold(short: NameFact, full: NameFact, found: dict[str, NameFact]) -> None:
    full.mentions += short.mentions
    full.spoke |= short.spoke
    full.acted |= short.acted
    full.starts += short.starts
    del found[short.name]


# "the Fuel and Power Regulator (FPR)": a body's name with the initials the story goes on to use.
_INITIALLED = re.compile(
    r"((?:[A-Z][\w'&-]*\s+)(?:(?:[A-Z][\w'&-]*|and|of|for|&)\s+)*[A-Z][\w'&-]*)\s+\(([A-Z]{2,6})\)"
)


def acronyms(doc: Any, facts: dict[str, NameFact], add: Callable[[str, str, int, Any], None]) -> None:
    """A name written out once with its initials in brackets is one organisation, listed by its
    name: the initials' own mentions are its ("FPR said"), and the parse, which often misreads the
    long form, does not decide its kind."""
    for match in _INITIALLED.finditer(doc.text):
        long, short = clean_name(match.group(1)), match.group(2)
        if "".join(w[0] for w in long.split() if w[0].isupper()) != short:
            continue
        span = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        if span is None:
            continue
        add(long, "organisation", match.start(1), span.root)
        fact = facts.get(long)
        if fact is None:
            continue
        fact.kind = "organisation"
        if short in facts:
            _fold(facts[short], fact, facts)


def count_surnames(doc: Any, found: dict[str, NameFact]) -> None:
    """ "Alvane said ..." where the parse tagged no entity: a full name's surname alone, standing
    as a proper noun, is another mention of that person."""
    people = {f.name.split()[-1]: f for f in found.values() if f.kind == "person" and " " in f.name}
    for token in doc:
        fact = people.get(token.text)
        if fact is None or token.pos_ != "PROPN" or token.ent_type_:
            continue  # tagged mentions were counted with their entity
        fact.mentions += 1
        fact.starts.append(token.idx)
        if token.dep_ in ("nsubj", "nsubjpass"):
            fact.spoke |= token.head.lemma_ in SPEECH
            fact.acted |= token.head.lemma_ not in SPEECH


def the_institution(doc: Any, found: dict[str, NameFact]) -> None:
    """ "... at the Dunhallow Museum. The museum expects 60,000 visitors": news names an institution
    once and then calls it by its noun; what "the museum" says or does, the named museum does."""
    for token in doc:
        bare = all(c.dep_ in ("det", "punct") for c in token.lefts)
        if token.lower_ not in ACTING_PLACES or token.dep_ not in ("nsubj", "nsubjpass") or not bare:
            continue
        named = [f for f in found.values() if f.name.split()[-1].lower() == token.lower_]
        before = [f for f in named if f.starts and min(f.starts) < token.idx]
        if before:
            fact = max(before, key=lambda f: min(f.starts))
            fact.spoke |= token.head.lemma_ in SPEECH
            fact.acted |= token.head.lemma_ not in SPEECH
