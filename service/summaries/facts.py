"""The facts of an article, read by spaCy's parse (service/text/nlp.py): every count with what it
counts (service/text/counts.py), and every name with what kind of thing it is and how much the
story is about it.

Names come from the parse's entities, plus what its labels miss (naming.py holds the rules): a
nationality or country in front of an institution is an actor ("Peruvian police", "U.S.
authorities"), a body described rather than named is one when it speaks ("the regional education
board announced"), and a name in front of a place noun or after "in", "at", "the village of" is a
place ("the Tocoron prison", "in Brackenholt", "the Fenwick Yard site"). A person named in full and
then by surname alone is one person, counted once per mention; "the Brandsma family" is a group of its
own; "the museum expects" after "the Dunhallow Museum" is the museum acting. A name that only ever
qualifies a thing ("Meadowsweet cereals") is marked, for selection to leave out of who."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from service.summaries.aliases import NameFact, acronyms, count_surnames, merge_surnames, the_institution
from service.summaries.naming import (
    BODIES,
    INSTITUTIONS,
    LABEL_KIND,
    LOCAL_BODIES,
    PLACE_NOUNS,
    PUBLIC_PLACES,
    SETTLEMENTS,
    clean_name,
    described_body,
    is_label,
    is_located,
    is_no_name,
    is_proper,
    is_settlement,
    name_start,
    without_occupation,
)
from service.summaries.people import settle_people, untagged_speakers
from service.text.counts import CountFact, count_facts, sentence_of
from service.text.names import SPEECH, is_demonym, known_places


@dataclass(frozen=True)
class Facts:
    counts: list[CountFact]
    names: list[NameFact]
    sentences: list[tuple[int, int]]  # (start, end) of each sentence, as the parse split them


class _Found:
    """The names found so far, by name, with what the article writes in lower case (a capitalised
    word it also writes so is a common word) and the words of the events left out ("Petronel")."""

    def __init__(self, doc: Any, sentences: list[tuple[int, int]]) -> None:
        self.doc, self.sentences = doc, sentences
        self.facts: dict[str, NameFact] = {}
        self.common = {t.text for t in doc if t.is_lower}
        self.events: set[str] = set()

    def add(self, name: str, kind: str, start: int, head: Any, named: bool = True) -> None:
        if len(name) < 2 or is_demonym(name) or name in self.events:
            return
        if named and is_no_name(name, self.common):
            self.events.update(name.split()[1:])
            return
        fact = self.facts.setdefault(name, NameFact(name, kind, sentence_of(start, self.sentences)))
        fact.mentions += 1
        fact.starts.append(start)
        if head.dep_ in ("nsubj", "nsubjpass"):
            fact.spoke |= head.head.lemma_ in SPEECH
            fact.acted |= head.head.lemma_ not in SPEECH
        fact.located |= is_located(head)
        fact.settled |= is_settlement(head)
        fact.labels += is_label(head)

    def add_described(self, name: str, kind: str, start: int, head: Any) -> None:
        """`add` for a name found by its form, not tagged by the parse: no event test."""
        self.add(name, kind, start, head, named=False)

    def settle(self, place: str, start: int, token: Any) -> None:
        """A place whatever else the sentence makes of it (unless it is no name at all: "City Police")."""
        self.add(place, "place", start, token)
        if place in self.facts:
            self.facts[place].settled = True

    def local_body(self, place: str, start: int, body: Any) -> None:
        """ "Kelsbridge council": the council acts, and Kelsbridge is a place."""
        self.add(f"{place} {body.text}", "organisation", start, body)
        self.settle(place, start, body.doc[body.i - 1])  # the name's own token: a compound, no role


def _entities(found: _Found) -> None:
    for ent in found.doc.ents:
        kind = LABEL_KIND.get(ent.label_, "place" if ent.label_ == "PRODUCT" else None)
        if kind is None or (len(ent) == 1 and ent.root.tag_ == "NNS"):
            continue  # "Schools closed", "Campaigners said": a plural common noun capitalised
        name = clean_name(ent.text)
        if kind == "person":
            name = without_occupation(name, found.common)
        last = ent[-1]  # not the root: in "the Mill Lane" the parse may make "the" the root
        after = last.head if last.dep_ in ("compound", "nmod") and last.head.i >= ent.end else None
        if after is not None and after.lemma_ in PLACE_NOUNS:  # "the Tocoron prison": the place is both
            _before_place_noun(found, name, ent, after)
            continue
        if ent.label_ == "PRODUCT":
            # a product's name is a place only before a place noun ("the Fenwick Yard site") or
            # after "in", "across" and the like ("customers across Corrisdale")
            if is_located(ent.root):
                found.add(name, "place", ent.start_char, ent.root)
            continue
        if after is not None and after.lower_ in LOCAL_BODIES:  # "Kelsbridge council": a place and its body
            found.local_body(name, ent.start_char, after)
            continue
        if after is not None and after.lower_ == "family" and kind != "place":
            # "the Brandsma family, which still owns 31%": a family acts as a group, and is not the
            # one Brandsma the story also names (whose surname alone would be merged into her)
            found.add(f"{name} family", "organisation", ent.start_char, after)
            continue
        if name.casefold() in known_places():
            kind = "place"
        found.add(name, kind, ent.start_char, ent.root)
        if ent.root.dep_ == "poss" and ent.root.head.lemma_ in PUBLIC_PLACES and name in found.facts:
            found.facts[name].settled = True  # "Brackley's central library": a town's, not a company's
        words = name.split()
        if kind == "organisation" and len(words) > 1 and words[-1].lower() in LOCAL_BODIES:
            owner = words[:-1]  # "Westmoor Police", "Brenlow Town Council"; not "Refugee Support Council"
            if (
                len(owner) == 1
                or owner[-1].lower() in SETTLEMENTS
                or " ".join(owner).casefold() in known_places()
            ):
                found.settle(" ".join(owner), ent.start_char, ent.root)
        if _based_in(found.doc, ent):  # "the Carnmouth-based company": where the company is
            found.settle(name, ent.start_char, ent.root)


def _based_in(doc: Any, ent: Any) -> bool:
    return ent.end + 1 < len(doc) and doc[ent.end].text == "-" and doc[ent.end + 1].lower_ == "based"


def _before_place_noun(found: _Found, name: str, ent: Any, noun: Any) -> None:
    """ "the Tocoron prison" is one place; "the Mill Lane and Ashgrove branches" are two, each by its
    name (the parse tags "Mill Lane" and leaves "Ashgrove", its conjunct, untagged)."""
    if noun.tag_ != "NNS":
        found.add(f"{name} {noun.text}", "place", ent.start_char, noun)
        return
    found.settle(name, ent.start_char, noun)
    for conj in (c for c in ent[-1].children if c.dep_ == "conj" and c.pos_ == "PROPN"):
        found.settle(conj.text, conj.idx, conj)


def _untagged(found: _Found) -> None:
    """Names the parse's entities missed: "the Tarnby prison" (a proper name before a place noun),
    "Kelsbridge council has voted" (maybe read as an adjective), "near the village of Crannock",
    "in Brackenholt"."""
    doc = found.doc
    for token in doc:
        names = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN" and not c.ent_type_]
        if token.lemma_ in PLACE_NOUNS and token.pos_ == "NOUN" and names:
            first = min(names, key=lambda t: t.i)
            found.add(doc[first.i : token.i + 1].text, "place", first.idx, token)
        elif token.lower_ in LOCAL_BODIES:
            owners = [
                c for c in token.children if c.dep_ in ("compound", "amod") and is_proper(c, found.common)
            ]
            if owners:
                first = min(owners, key=lambda t: t.i)
                found.local_body(doc[first.i : token.i].text, first.idx, token)
        elif (
            token.pos_ == "PROPN"
            and is_proper(token, found.common)
            and (is_located(token) or is_settlement(token))
        ):
            first = name_start(token, lambda c: not c.ent_type_)
            found.add(doc[first.i : token.i + 1].text, "place", first.idx, token)


def _institutions(found: _Found) -> None:
    """ "Peruvian police", "U.S. authorities": a nationality's institution is an actor; so is a body
    described rather than named, when it speaks ("the regional health protection team said")."""
    doc = found.doc
    for token in doc:
        if (token.lower_ in INSTITUTIONS or token.lemma_ in INSTITUTIONS) and token.pos_ == "NOUN":
            owners = [
                c for c in token.children if c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE")
            ]
            if owners:
                first = min(owners, key=lambda t: t.i)
                found.add(doc[first.i : token.i + 1].text, "organisation", first.idx, token)
        # "..., the regional education board announced on Monday": the attribution at a sentence's end,
        # which the parse often reads as a board "announced" (a reduced relative clause).
        attributed = any(
            c.dep_ == "acl" and c.lemma_ in SPEECH and c.tag_ in ("VBD", "VBN") for c in token.children
        )
        speaks = token.dep_ == "nsubj" and token.head.lemma_ in SPEECH | {"declare"}
        if token.lemma_ in BODIES and (speaks or attributed):
            body = described_body(token)
            if body is not None and not token.ent_type_:
                found.add(body.text, "organisation", body.start_char, token, named=False)
                if attributed and body.text in found.facts:
                    found.facts[body.text].spoke = True


# "Colbury City", "Pentyre Town": named so, and never where something happens ("in", "at"), a team
# (the parse calls them places), not the town (which a story names as "in Colbury").
_TEAM_LAST = frozenset({"city", "town"})


def _settle_kinds(found: dict[str, NameFact]) -> None:
    for fact in found.values():
        # "in Upper Tressing", "at Mill Lane": never speaking or acting, only a where (the parse's
        # label is least sure of rare place names, and calls many of them people)
        if fact.settled or (fact.located and not (fact.spoke or fact.acted)):
            fact.kind = "place"
        elif fact.kind != "person" and fact.name.split()[-1].lower() in PLACE_NOUNS - _TEAM_LAST:
            fact.kind = "place"  # "Willowbank House", "Canal Row" (but "Sophie Lane" is a person)
        elif fact.name.split()[-1].lower() in _TEAM_LAST and len(fact.name.split()) > 1:
            fact.kind = "organisation"  # "beating Redmarsh City 3-2", "signed from Pentyre Town"


def name_facts(doc: Any, sentences: list[tuple[int, int]]) -> list[NameFact]:
    found = _Found(doc, sentences)
    _entities(found)
    _untagged(found)
    _institutions(found)
    untagged_speakers(doc, found.common, found.add_described)
    acronyms(doc, found.facts, found.add_described)
    merge_surnames(found.facts)
    count_surnames(doc, found.facts)
    the_institution(doc, found.facts)
    _settle_kinds(found.facts)
    settle_people(doc.text, found.facts)
    return sorted(found.facts.values(), key=lambda f: (f.first, -f.mentions))


def read_facts(doc: Any, text: str) -> Facts:
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    return Facts(count_facts(doc, text, sentences), name_facts(doc, sentences), sentences)


__all__ = ["CountFact", "Facts", "NameFact", "read_facts"]
