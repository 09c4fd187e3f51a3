"""The facts of an article, read by spaCy's parse (service/text/nlp.py): every count with what it
counts, and every name with what kind of thing it is and how much the story is about it.

Counts come from the project's own mention finder (service/text/numbers.py: "more than 300",
"dollars 186.3m", "three"), which already leaves out years, dates, clock times and codes; the parse
adds what each one counts: the noun it modifies ("84 women"), with the verb that noun is the
subject or object of ("84 women were freed" -> "women freed"), or for an amount or a rate, the
subject of the verb it belongs to ("trade rose to dollars 186.3m" -> "trade rose").

Names come from the parse's entities, plus what its labels miss: a nationality or country in front
of an institution is an actor ("Peruvian police", "U.S. authorities"), and a name in front of a
place noun is a place ("the Tocoron prison"). A person named in full and then by surname alone is
one person, counted once per mention."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from service.text.names import is_demonym, known_places
from service.text.numbers import find_mentions, values

INSTITUTIONS = frozenset(
    "police authority authorities government official officials army military force forces troops navy "
    "court ministry parliament coastguard council prosecutor prosecutors investigator investigators "
    "regulator regulators agency embassy".split()
)
PLACE_NOUNS = frozenset(
    "prison city town village province region district county state island airport port harbour "
    "stadium square street valley river bay coast border capital road lane row yard park bridge house "
    "hall hospital station centre falls hollow ridge airfield".split()
)
SPEECH = frozenset("say tell add warn claim announce explain insist confirm report".split())
# A name after one of these is where something happens ("in Marrowick", "at Willowbank House"): the
# parse's label is least sure of invented or rare place names, and the preposition settles them.
LOCATIVE = frozenset("in at near outside inside across around throughout within".split())
_LABEL_KIND = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place"}
_TITLES = ("the ", "The ", "Mr ", "Mrs ", "Ms ", "Dr ")


@dataclass(frozen=True)
class CountFact:
    text: str  # as written, qualifier included ("More than 300")
    start: int
    end: int
    of_what: str  # what it counts, from the parse ("police officers mobilized"); "" when unknown
    sentence: int  # index of its sentence in the article
    role: str  # the counted noun's part in its clause: "subject", "object" or "other"
    kind: str  # "money", "percent" or "count"
    detail: bool  # a breakdown of another count in apposition ("three minors - two Venezuelans ...")
    context: str  # the words around it in its sentence, for a reader (or the model) to judge it
    age: bool  # "Marcus Delaney, 54, said": a person's age, not a fact of the story


@dataclass
class NameFact:
    name: str
    kind: str  # "person", "organisation" or "place"
    first: int  # index of the sentence it first appears in
    mentions: int = 0
    spoke: bool = False  # the subject of "said", "told"...: a quoted actor
    acted: bool = False  # the subject of some other verb
    located: bool = False  # once the object of "in", "at"...: where something happens
    starts: list[int] = field(default_factory=list)  # offsets of its mentions


@dataclass(frozen=True)
class Facts:
    counts: list[CountFact]
    names: list[NameFact]
    sentences: list[tuple[int, int]]  # (start, end) of each sentence, as the parse split them


def _sentence_of(offset: int, sentences: list[tuple[int, int]]) -> int:
    return next((i for i, (a, b) in enumerate(sentences) if a <= offset < b), len(sentences) - 1)


def _phrase(noun: Any) -> str:
    """The noun with its compounds and adjectives: "police officers", "average monthly salaries"."""
    left = [c for c in noun.children if c.dep_ in ("compound", "amod") and c.i < noun.i and not c.like_num]
    return " ".join(t.text for t in sorted([*left, noun], key=lambda t: t.i))


def _counted(doc: Any, start: int, end: int) -> tuple[str, str, bool]:
    """(what the number at start:end counts, the counted noun's role, is it a breakdown)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return "", "other", False
    number = span[-1]
    noun = number.head if number.dep_ in ("nummod", "quantmod", "compound") else None
    if noun is not None and noun.pos_ in ("NOUN", "PROPN") and noun.i != number.i:
        verb = noun.head
        role = {"nsubj": "subject", "nsubjpass": "subject", "dobj": "object"}.get(noun.dep_, "other")
        detail = noun.dep_ in ("appos", "conj") and any(c.dep_ == "nummod" for c in verb.children)
        phrase = _phrase(noun)
        if noun.dep_ in ("nsubjpass", "dobj") and verb.tag_ in ("VBN", "VBD"):
            phrase = f"{phrase} {verb.text}"  # "women freed", "individuals arrested"
        return phrase, role, detail and noun.dep_ == "appos"
    # "five of them", "three of whom": a part of a group the story has already counted.
    of_them = any(c.lower_ == "of" and any(g.pos_ == "PRON" for g in c.children) for c in number.children)
    if of_them:
        return "", "other", True
    clause = number
    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
        clause = clause.head
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.pos_ == "PRON":
        return "", "other", False
    return f"{_phrase(subject)} {clause.text}", "other", False


def _kind(text: str) -> str:
    if "%" in text or "per cent" in text or "percent" in text:
        return "percent"
    if any(c in text for c in "$£€¥") or any(
        w in text.lower() for w in ("dollar", "pound", "euro", "yen", "reais")
    ):
        return "money"
    return "count"


def _context(text: str, start: int, end: int, sentence: tuple[int, int], words: int = 5) -> str:
    """Up to `words` words each side of the number, within its sentence and clause."""
    before = re.split(r"[,;:()\u2014]", text[sentence[0] : start])[-1].split()[-words:]
    after = re.split(r"[,;:()\u2014]|\.(?!\d)", text[end : sentence[1]])[0].split()[:words]
    return " ".join([*before, text[start:end], *after])


_AGE = re.compile(r"^\d{1,3}$")


def _is_age(text: str, start: int, end: int, raw: str) -> bool:
    """ "Jane Doe, 54, said" / "a 54-year-old": a bare number set off by commas after a name."""
    return (
        bool(_AGE.match(raw))
        and text[end : end + 1] == ","
        and bool(re.search(r"[A-Z][a-z]+, $", text[max(0, start - 30) : start]))
    )


def count_facts(doc: Any, text: str, sentences: list[tuple[int, int]]) -> list[CountFact]:
    out = []
    for mention in find_mentions(text):
        of_what, role, detail = _counted(doc, mention.start, mention.end)
        sentence = _sentence_of(mention.start, sentences)
        out.append(
            CountFact(
                text=mention.text,
                start=mention.start,
                end=mention.end,
                of_what=of_what,
                sentence=sentence,
                role=role,
                kind=_kind(mention.text),
                detail=detail,
                context=_context(text, mention.start, mention.end, sentences[sentence]),
                age=_is_age(text, mention.start, mention.end, mention.text),
            )
        )
    return out


_INITIALISM = re.compile(r"(?:\b[A-Z]\.)+$")  # "U.S.": its last period is part of the name


def _clean_name(text: str) -> str:
    text = text.strip().removesuffix("'s").removesuffix("\u2019s").strip(" ,-")
    if text.endswith(".") and not _INITIALISM.search(text):
        text = text.rstrip(".")
    for title in _TITLES:
        text = text.removeprefix(title)
    return text.strip()


def name_facts(doc: Any, sentences: list[tuple[int, int]]) -> list[NameFact]:
    found: dict[str, NameFact] = {}

    def add(name: str, kind: str, start: int, head: Any) -> None:
        if len(name) < 2 or is_demonym(name):
            return
        fact = found.setdefault(name, NameFact(name, kind, _sentence_of(start, sentences)))
        fact.mentions += 1
        fact.starts.append(start)
        if head.dep_ in ("nsubj", "nsubjpass"):
            fact.spoke |= head.head.lemma_ in SPEECH
            fact.acted |= head.head.lemma_ not in SPEECH
        fact.located |= head.dep_ == "pobj" and head.head.lower_ in LOCATIVE

    for ent in doc.ents:
        kind = _LABEL_KIND.get(ent.label_)
        if kind is None:
            continue
        name = _clean_name(ent.text)
        after = ent.root.head if ent.root.dep_ == "compound" else None
        if after is not None and after.lemma_ in PLACE_NOUNS:  # "the Tocoron prison": the place is both
            add(f"{name} {after.text}", "place", ent.start_char, after)
            continue
        if name.casefold() in known_places():
            kind = "place"
        add(name, kind, ent.start_char, ent.root)
    for token in doc:  # "the Tarnby prison": a proper name before a place noun names a place
        names = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN" and not c.ent_type_]
        if token.lemma_ in PLACE_NOUNS and token.pos_ == "NOUN" and names:
            first = min(names, key=lambda t: t.i)
            add(doc[first.i : token.i + 1].text, "place", first.idx, token)
    for token in doc:  # "Peruvian police", "U.S. authorities": a nationality's institution is an actor
        if (token.lower_ in INSTITUTIONS or token.lemma_ in INSTITUTIONS) and token.pos_ == "NOUN":
            owners = [
                c for c in token.children if c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE")
            ]
            if owners:
                first = min(owners, key=lambda t: t.i)
                add(doc[first.i : token.i + 1].text, "organisation", first.idx, token)
    _merge_surnames(found)
    _count_surnames(doc, found)
    for fact in found.values():
        single = " " not in fact.name
        if fact.located and not (fact.spoke or fact.acted) and (fact.kind == "organisation" or single):
            fact.kind = "place"  # "in Upper Tressing", "in Crannock": never acting, only a where
        elif fact.kind != "person" and fact.name.split()[-1].lower() in PLACE_NOUNS:
            fact.kind = "place"  # "Willowbank House", "Canal Row" (but "Sophie Lane" is a person)
    return sorted(found.values(), key=lambda f: (f.first, -f.mentions))


def _merge_surnames(found: dict[str, NameFact]) -> None:
    """ "Blunkett" after "David Blunkett" is the same person: fold its mentions into the full name."""
    people = [f for f in found.values() if f.kind == "person" and " " in f.name]
    for short in [f for f in found.values() if " " not in f.name]:
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
        if fact is None or token.pos_ != "PROPN" or token.ent_type_ == "PERSON":
            continue  # tagged mentions were counted with their entity
        fact.mentions += 1
        fact.starts.append(token.idx)
        if token.dep_ in ("nsubj", "nsubjpass"):
            fact.spoke |= token.head.lemma_ in SPEECH
            fact.acted |= token.head.lemma_ not in SPEECH


def read_facts(doc: Any, text: str) -> Facts:
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    return Facts(count_facts(doc, text, sentences), name_facts(doc, sentences), sentences)


__all__ = ["CountFact", "Facts", "NameFact", "read_facts", "values"]
