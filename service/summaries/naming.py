"""What a name in a news story is, by its words and by where the parse puts it: an actor, a place,
or no name at all (an event, a competition, a model, a common word capitalised). facts.py reads
the names of an article with these rules."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

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
    "market castle pier quay"
    # where a company works: "the Fenwick Yard site", "its Danby plant", "the Mill Lane branch"
    " site plant factory depot warehouse branch mine works".split()
)
# A name after one of these is where something happens ("in Marrowick", "at Willowbank House"): the
# parse's label is least sure of invented or rare place names, and the preposition settles them.
LOCATIVE = frozenset(
    "in at near outside inside across around throughout within above below beside beyond along".split()
)
# "on" places a name only when it is a street or the like ("a building on Quay Street"): "on
# Tuesday", "on Corvenna's Line 4" are no places.
ON_STREETS = frozenset("street road lane avenue row square quay drive way estate island".split())
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
# A name ending in one of these is a body even where something happens at it ("waiting at Fallowmere
# Hospitals Trust"): a where, and an actor too.
ORGANISATION_LAST = frozenset(
    "trust council authority board group foundation institute association union company agency "
    "commission service".split()
)
# An institution that is also a building: when it speaks or acts ("Thrale County Airport has won
# approval"), it is an actor as well as a place.
ACTING_PLACES = frozenset("airport hospital museum university college school prison port gallery".split())


def also_actor(name: str, spoke: bool, acted: bool) -> bool:
    """A place that is also an actor: a body by its last word, or an institution that speaks or acts."""
    last = name.split()[-1].lower()
    return last in ORGANISATION_LAST or (last in ACTING_PLACES and (spoke or acted))


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
COMPETITION_LAST = frozenset(
    "Cup Division League Championship Championships Trophy Shield Plate Tournament Series Awards Prize".split()
)
LABEL_KIND = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place"}
_TITLES = ("the ", "The ", "Mr ", "Mrs ", "Ms ", "Dr ")


_INITIALISM = re.compile(r"(?:\b[A-Z]\.)+$")  # "U.S.": its last period is part of the name


_CUT = re.compile(
    r"\s+[-\u2013\u2014]\s+.*$|\s*\([^)]*$|\s+(?:dollars?|pounds?|euros?|yen)\b.*$|\s+\d+(?:[-\u2013]\d+)?$"
)


def clean_name(text: str) -> str:
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


def without_occupation(name: str, common: set[str]) -> str:
    """ "Librarian Ruth Okafor", "Farmer Gwen Lathbury": what the person does is no part of the name
    (a title such as "Councillor" or "Inspector" is, and stays)."""
    words = name.split()
    while len(words) > 2 and (words[0].lower() in OCCUPATIONS or words[0].lower() in common):
        words = words[1:]
    return " ".join(words)


def is_no_name(name: str, common: set[str]) -> bool:
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


def name_start(token: Any, free: Callable[[Any], bool]) -> Any:
    """The first word of the name that ends at `token`: its proper-noun compounds to the left that
    `free` accepts ("Upper" of "Upper Tressing", "Mairead" of "Mairead Quinlan"), else the token."""
    left = [c for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN" and free(c)]
    return min([*left, token], key=lambda t: t.i)


def described_body(token: Any) -> Any:
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


def is_proper(token: Any, common: set[str]) -> bool:
    """A capitalised word the article never writes in lower case, that no entity took."""
    return token.is_title and not token.ent_type_ and token.lower_ not in common


def first_conjunct(token: Any) -> Any:
    """ "at Mill Lane, Ashgrove and Fernside": each conjunct stands where the first one does."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def is_located(head: Any) -> bool:
    """ "in Marrowick", "homes at Mill Lane"; not "analysts at Corliss & Vane", "drivers at Northvale
    Rail": who people work for."""
    first = first_conjunct(head)
    prep = first.head
    works_at = prep.lower_ == "at" and prep.head.lemma_.lower() in OCCUPATIONS
    on_street = prep.lower_ == "on" and head.lower_ in ON_STREETS
    return first.dep_ == "pobj" and (prep.lower_ in LOCATIVE or on_street) and not works_at


# Nouns a name may qualify and still be an actor: "the Sinaloa cartel", "Labour MPs", "Acme staff".
GROUPS = frozenset(
    "gang cartel group party family club team side firm company network movement campaign alliance "
    "coalition leader leaders mp mps minister spokesman spokeswoman chairman boss coach captain player "
    "players fans supporters members voters workers government".split()
)


def is_label(head: Any) -> bool:
    """ "Crownfield biscuits", "the MMR vaccine", "the Meadowsweet brand": the name qualifies a
    thing, as a brand or a kind does; a name that does nothing else is no actor. (Not "Kelsbridge
    council", "the Sinaloa cartel", "Labour MPs": bodies, groups and people are actors.)"""
    noun = head.head
    if head.dep_ != "compound" or noun.pos_ != "NOUN" or noun.i == head.i:
        return False
    if noun.dep_ == "compound" and noun.head.pos_ == "PROPN":
        return False  # a title before a name: "Coastal Forecasting Office meteorologist Imran Bhatti"
    actors = INSTITUTIONS | BODIES | LOCAL_BODIES | OCCUPATIONS | GROUPS | PLACE_NOUNS
    return noun.lower_ not in actors and noun.lemma_.lower() not in actors


def is_settlement(head: Any) -> bool:
    first = first_conjunct(head)
    return first.dep_ == "pobj" and first.head.lower_ == "of" and first.head.head.lemma_ in SETTLEMENTS
