"""People the parse's entities miss or mislabel, read by what a news story does with a person.

spaCy's small English model tags rare and invented names least surely: in "Edna Tuckwell, 81, of
Crayle Green, said she relied on the bus" it tags no person at all, and in "Ross Hennity, 42, of
Pellingham" it tags a place. Two habits of news writing settle them:
- a name with an age in apposition is a person ("Edna Tuckwell, 81,");
- a name of two or more capitalised words that is the subject of "said" (or "told", "added"...)
  is an actor of the story: "Mairead Quinlan, a regional organiser for the union, said".
And a name the parse calls a place that speaks for itself and is never where something happens
("Classbridge said", "Sallen Valley farmer Owain Pritchett said") is no place but an actor."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from service.summaries.aliases import NameFact
from service.summaries.naming import (
    LABEL_KIND,
    PLACE_NOUNS,
    SETTLEMENTS,
    clean_name,
    name_start,
    without_occupation,
)
from service.text.names import SPEECH, known_places

# ", 81," or ", 42, of Pellingham": an age in apposition, right after the name.
_AGE_AFTER = re.compile(r"^\s*,\s*(\d{1,3})\s*,")
# What may stand before a name as part of it but says what the person is: "Dr", "Detective Sergeant".
_HONORIFICS = frozenset("dr mr mrs ms miss prof professor sir dame".split())


def has_age_after(text: str, end: int) -> bool:
    """Whether the name ending at `end` is followed by an age in apposition (1 to 110)."""
    match = _AGE_AFTER.match(text[end : end + 12])
    return match is not None and 0 < int(match.group(1)) <= 110


def untagged_speakers(doc: Any, common: set[str], add: Callable[[str, str, int, Any], None]) -> None:
    """Add each untagged name of two or more capitalised words that is the subject of a speech verb,
    as a person ("Mairead Quinlan ... said"), with `add(name, kind, start, head)`."""
    for token in doc:
        if not (token.dep_ == "nsubj" and token.head.lemma_ in SPEECH and token.pos_ == "PROPN"):
            continue
        if not _untaken(token, common):
            continue
        first = name_start(token, lambda c: _untaken(c, common))
        words = [t for t in doc[first.i : token.i + 1] if t.lower_ not in _HONORIFICS]
        if len(words) < 2 or not all(t.is_title for t in words):
            continue
        name = without_occupation(clean_name(" ".join(t.text for t in words)), common)
        if len(name.split()) >= 2:
            add(name, "person", words[0].idx, token)


def _untaken(token: Any, common: set[str]) -> bool:
    """A capitalised word the article never writes in lower case, that no actor or place entity
    took (the parse may call a speaker after a quotation part of a "work of art")."""
    return token.is_title and token.lower_ not in common and token.ent_type_ not in (*LABEL_KIND, "PRODUCT")


def settle_people(text: str, facts: dict[str, NameFact]) -> None:
    """A name with an age after it is a person; a "place" that speaks and is never a where is an
    actor (a person when named in two words or more, else an organisation)."""
    for fact in facts.values():
        if fact.kind != "person" and any(has_age_after(text, s + len(fact.name)) for s in fact.starts):
            fact.kind = "person"
        elif fact.kind == "place" and fact.spoke and not (fact.located or fact.settled or _placed(fact.name)):
            fact.kind = "person" if len(fact.name.split()) > 1 else "organisation"


def _placed(name: str) -> bool:
    """Named as a place ("Thrale County", "Cutler Road") or known as one ("Madrid"): when it "says",
    the story means its people (the airport's owners, the government)."""
    last = name.split()[-1].lower()
    return last in PLACE_NOUNS or last in SETTLEMENTS or name.casefold() in known_places()
