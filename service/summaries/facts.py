"""The facts of an article, read by spaCy's parse (service/text/nlp.py): every count with what it
counts (service/text/counts.py), and every name with what kind of thing it is and how much the
story is about it.

Names come from the parse's entities, plus what its labels miss: a nationality or country in front
of an institution is an actor ("Peruvian police", "U.S. authorities"), and a name in front of a
place noun is a place ("the Tocoron prison"). A person named in full and then by surname alone is
one person, counted once per mention."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from service.text.counts import CountFact, count_facts, sentence_of
from service.text.names import is_demonym, known_places

INSTITUTIONS = frozenset(
    "police authority authorities government official officials army military force forces troops navy "
    "court ministry parliament coastguard council prosecutor prosecutors investigator investigators "
    "regulator regulators agency embassy".split()
)
# A body a story may describe instead of naming, when it speaks for itself ("the regional education
# board announced", "the county's board of supervisors declared").
BODIES = frozenset("board committee commission team trust union".split())
PLACE_NOUNS = frozenset(
    "prison city town village province region district county state island airport port harbour "
    "stadium square street valley river bay coast border capital road lane row yard park bridge house "
    "hall hospital station centre falls hollow ridge airfield estate terminus campus library church "
    "market castle pier quay".split()
)
SPEECH = frozenset("say tell add warn claim announce explain insist confirm report".split())
# A name after one of these is where something happens ("in Marrowick", "at Willowbank House"): the
# parse's label is least sure of invented or rare place names, and the preposition settles them.
LOCATIVE = frozenset("in at near outside inside across around throughout within".split())
# People named by their work: "analysts at Corliss & Vane" work for it, they are not in a place.
MEMBERS = frozenset(
    "analyst student researcher scientist economist worker staff official spokesman spokeswoman spokesperson "
    "director head chief executive professor lecturer teacher doctor manager engineer employee member".split()
)
# What a person quoted in a story does, written before the name as if a title.
OCCUPATIONS = MEMBERS | frozenset(
    "librarian shopkeeper farmer patient volunteer fishmonger conductor curator conservator headliner "
    "resident customer pensioner nurse driver pupil parent owner founder landlord tenant campaigner".split()
)
# Nouns that only a place fills: "the village of Upper Tressing", "the towns of Westmoor".
SETTLEMENTS = frozenset(
    "village town city hamlet suburb county district region province island vale valley parish "
    "north south east west centre center outskirts heart".split()  # "in the east of Kelby"
)
# Places a town has, not a company: "Brackley's library", "Dunmore's market hall".
PUBLIC_PLACES = frozenset(
    "library market hall hospital station square church castle harbour pier quay".split()
)
# A local body is named after its place: "Kelsbridge council", "Westmoor police".
LOCAL_BODIES = frozenset("council police constabulary".split())
# What the parse labels a name but no one acts in, nor is a place: an event named by its first word
# ("Operation Harebell", "Storm Petronel"), a competition by its last ("County Challenge Cup").
EVENT_FIRST = frozenset("Operation Storm Hurricane Cyclone Typhoon".split())
COMPETITION_LAST = frozenset("Cup Division League Championship Championships Trophy".split())
_LABEL_KIND = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place"}
_TITLES = ("the ", "The ", "Mr ", "Mrs ", "Ms ", "Dr ")


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
    starts: list[int] = field(default_factory=list)  # offsets of its mentions


@dataclass(frozen=True)
class Facts:
    counts: list[CountFact]
    names: list[NameFact]
    sentences: list[tuple[int, int]]  # (start, end) of each sentence, as the parse split them


_INITIALISM = re.compile(r"(?:\b[A-Z]\.)+$")  # "U.S.": its last period is part of the name


_CUT = re.compile(
    r"\s+[-\u2013\u2014]\s+.*$|\s*\([^)]*$|\s+(?:dollars?|pounds?|euros?|yen)\b.*$|\s+\d+(?:[-\u2013]\d+)?$"
)


def _clean_name(text: str) -> str:
    # What the parse glued on: a dash clause ("Clive Griffiths - Wales' coach"), an unclosed
    # bracket ("Survivors Fund (SURF"), an amount that followed the name ("CBS dollars 550,000"), a
    # score ("Redmarsh City 3-2").
    text = _CUT.sub("", text.strip())
    text = text.removesuffix("'s").removesuffix("\u2019s").strip(" ,-'\u2019")
    if text.endswith(".") and not _INITIALISM.search(text):
        text = text.rstrip(".")
    elif re.search(r"(?:\b[A-Z]\.)+[A-Z]$", text):
        text += "."  # "U.S" (its last period taken for the sentence's end) is "U.S."
    for title in _TITLES:
        text = text.removeprefix(title)
    return text.strip()


def _without_occupation(name: str, common: set[str]) -> str:
    """ "Librarian Ruth Okafor", "Farmer Gwen Lathbury": what the person does is no part of the name
    (a title such as "Councillor" or "Inspector" is, and stays)."""
    words = name.split()
    while len(words) > 2 and (words[0].lower() in OCCUPATIONS or words[0].lower() in common):
        words = words[1:]
    return " ".join(words)


def _is_no_name(name: str, common: set[str]) -> bool:
    """An entity that names no actor or place: an event or a competition, a model or a count
    ("Kestrel-1", "101st"), a common word the article also writes in lower case ("Campaigners" at
    the start of a sentence, "Bank" of "Bank details"), a phrase in lower case ("east coast"; but
    "the island council" is a body)."""
    words = name.split()
    return (
        (not name[0].isupper() and words[-1].lower() not in INSTITUTIONS | LOCAL_BODIES | BODIES)
        or words[0] in EVENT_FIRST
        or words[-1] in COMPETITION_LAST
        or re.search(r"(?:^|[\s-])\d", name) is not None
        or (len(words) == 1 and name.lower() in common)
    )


def name_facts(doc: Any, sentences: list[tuple[int, int]]) -> list[NameFact]:
    found: dict[str, NameFact] = {}
    common = {t.text for t in doc if t.is_lower}
    events: set[str] = set()  # the words of the events and competitions left out ("Petronel")

    def add(name: str, kind: str, start: int, head: Any, named: bool = True) -> None:
        if len(name) < 2 or is_demonym(name) or name in events:
            return
        if named and _is_no_name(name, common):
            events.update(name.split()[1:])
            return
        fact = found.setdefault(name, NameFact(name, kind, sentence_of(start, sentences)))
        fact.mentions += 1
        fact.starts.append(start)
        if head.dep_ in ("nsubj", "nsubjpass"):
            fact.spoke |= head.head.lemma_ in SPEECH
            fact.acted |= head.head.lemma_ not in SPEECH
        fact.located |= _is_located(head)
        fact.settled |= _is_settlement(head)

    for ent in doc.ents:
        kind = _LABEL_KIND.get(ent.label_)
        if kind is None or (len(ent) == 1 and ent.root.tag_ == "NNS"):
            continue  # "Schools closed", "Campaigners said": a plural common noun capitalised
        name = _clean_name(ent.text)
        if kind == "person":
            name = _without_occupation(name, common)
        after = ent.root.head if ent.root.dep_ == "compound" else None
        if after is not None and after.lemma_ in PLACE_NOUNS:  # "the Tocoron prison": the place is both
            add(f"{name} {after.text}", "place", ent.start_char, after)
            continue
        if after is not None and after.lower_ in LOCAL_BODIES:  # "Kelsbridge council": a place and its body
            _add_local_body(add, found, name, ent.start_char, after)
            continue
        if name.casefold() in known_places():
            kind = "place"
        add(name, kind, ent.start_char, ent.root)
        if ent.root.dep_ == "poss" and ent.root.head.lemma_ in PUBLIC_PLACES and name in found:
            found[name].settled = True  # "Brackley's central library": a town's, not a company's
        words = name.split()
        if kind == "organisation" and len(words) > 1 and words[-1].lower() in LOCAL_BODIES:
            _settle(add, found, " ".join(words[:-1]), ent.start_char, ent.root)  # "Westmoor Police"
    for token in doc:  # "the Tarnby prison": a proper name before a place noun names a place
        names = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN" and not c.ent_type_]
        if token.lemma_ in PLACE_NOUNS and token.pos_ == "NOUN" and names:
            first = min(names, key=lambda t: t.i)
            add(doc[first.i : token.i + 1].text, "place", first.idx, token)
        elif token.lower_ in LOCAL_BODIES:  # "Kelsbridge council has voted": no entity, maybe an adjective
            owners = [c for c in token.children if c.dep_ in ("compound", "amod") and _is_proper(c, common)]
            if owners:
                first = min(owners, key=lambda t: t.i)
                _add_local_body(add, found, doc[first.i : token.i].text, first.idx, token)
    for token in doc:  # "near the village of Crannock", "in Brackenholt": a place no entity took
        if (
            token.pos_ == "PROPN"
            and _is_proper(token, common)
            and (_is_located(token) or _is_settlement(token))
        ):
            left = [c for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN" and not c.ent_type_]
            first = min([*left, token], key=lambda t: t.i)
            add(doc[first.i : token.i + 1].text, "place", first.idx, token)
    for token in doc:  # "Peruvian police", "U.S. authorities": a nationality's institution is an actor
        if (token.lower_ in INSTITUTIONS or token.lemma_ in INSTITUTIONS) and token.pos_ == "NOUN":
            owners = [
                c for c in token.children if c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE")
            ]
            if owners:
                first = min(owners, key=lambda t: t.i)
                add(doc[first.i : token.i + 1].text, "organisation", first.idx, token)
    for token in doc:
        if token.lemma_ in BODIES and token.dep_ == "nsubj" and token.head.lemma_ in SPEECH | {"declare"}:
            body = _described_body(token)
            if body is not None and not token.ent_type_:
                add(body.text, "organisation", body.start_char, token, named=False)
    _merge_surnames(found)
    _count_surnames(doc, found)
    for fact in found.values():
        # "in Upper Tressing", "at Mill Lane": never speaking or acting, only a where (the parse's
        # label is least sure of rare place names, and calls many of them people)
        if fact.settled or (fact.located and not (fact.spoke or fact.acted)):
            fact.kind = "place"
        elif fact.kind != "person" and fact.name.split()[-1].lower() in PLACE_NOUNS:
            fact.kind = "place"  # "Willowbank House", "Canal Row" (but "Sophie Lane" is a person)
    return sorted(found.values(), key=lambda f: (f.first, -f.mentions))


def _described_body(token: Any) -> Any:
    """The words that describe a body ("regional education board", "board of supervisors"), or None
    for a bare "the board", which says too little to list."""
    words = [c for c in token.lefts if c.dep_ in ("amod", "compound") and c.pos_ in ("ADJ", "NOUN")]
    of = next(
        (c for c in token.rights if c.lower_ == "of" and any(g.dep_ == "pobj" for g in c.children)), None
    )
    if not words and of is None:
        return None
    start = min([*words, token], key=lambda t: t.i).i
    end = max(g.i for g in of.children if g.dep_ == "pobj") + 1 if of is not None else token.i + 1
    return token.doc[start:end]


def _is_proper(token: Any, common: set[str]) -> bool:
    """A capitalised word the article never writes in lower case, that no entity took."""
    return token.is_title and not token.ent_type_ and token.lower_ not in common


def _add_local_body(add: Any, found: dict[str, NameFact], place: str, start: int, body: Any) -> None:
    """ "Kelsbridge council": the council acts, and Kelsbridge is a place."""
    add(f"{place} {body.text}", "organisation", start, body)
    _settle(add, found, place, start, body.doc[body.i - 1])  # the name's own token: a compound, no role


def _settle(add: Any, found: dict[str, NameFact], place: str, start: int, token: Any) -> None:
    """A place whatever else the sentence makes of it (unless it is no name at all: "City Police")."""
    add(place, "place", start, token)
    if place in found:
        found[place].settled = True


def _first_conjunct(token: Any) -> Any:
    """ "at Mill Lane, Ashgrove and Fernside": each conjunct stands where the first one does."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def _is_located(head: Any) -> bool:
    """ "in Marrowick", "homes at Mill Lane"; not "analysts at Corliss & Vane", "drivers at Northvale
    Rail": who people work for."""
    first = _first_conjunct(head)
    prep = first.head
    works_at = prep.lower_ == "at" and prep.head.lemma_.lower() in OCCUPATIONS
    return first.dep_ == "pobj" and prep.lower_ in LOCATIVE and not works_at


def _is_settlement(head: Any) -> bool:
    first = _first_conjunct(head)
    return first.dep_ == "pobj" and first.head.lower_ == "of" and first.head.head.lemma_ in SETTLEMENTS


def _merge_surnames(found: dict[str, NameFact]) -> None:
    """ "Blunkett" after "David Blunkett" is the same person: fold its mentions into the full name.
    (Not a place: "in Brackenholt" is no one's surname, even with a group called "Safer Brackenholt".)"""
    people = [f for f in found.values() if f.kind == "person" and " " in f.name]
    for short in [f for f in found.values() if " " not in f.name and not (f.located or f.settled)]:
        full = next((p for p in people if p.name.split()[-1] == short.name), None)
        if full is not None:
            full.mentions += short.mentions
            full.spoke |= short.spoke
            full.acted |= short.acted
            full.starts += short.starts
            del found[short.name]


def _count_surnames(doc: Any, found: dict[str, NameFact]) -> None:
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


def read_facts(doc: Any, text: str) -> Facts:
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    return Facts(count_facts(doc, text, sentences), name_facts(doc, sentences), sentences)


__all__ = ["CountFact", "Facts", "NameFact", "read_facts"]
