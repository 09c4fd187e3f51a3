"""Names as news prose writes them: capitalised phrases that may be people, organisations or places,
and the two word lists that settle what small models get wrong (a nationality is not a person; a
country is a place).

`find_names` gives the summary prompt its candidates in order of first appearance; sentence-initial
common words ("The", "However") are left out, and a single word is kept only if it is also seen
capitalised mid-sentence (so "Calmer" or "Nevertheless" at a sentence's start is no name)."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files

from index.sentences import at_sentence_start

_CONNECTORS = r"(?:de|da|del|do|dos|of|the|for|&|von|van|la|le|al|bin)"
_WORD_CAP = r"[A-Z][\w&-]*(?:\.[A-Z][\w&-]*)*(?:['’]s\b)?"  # U.S, Tren, India's; a final period ends it
_CAPITALISED = re.compile(rf"\b{_WORD_CAP}(?:[ ]+(?:{_CONNECTORS}[ ]+)*{_WORD_CAP})*")
CALENDAR = set(
    "January February March April May June July August September October November December Monday Tuesday "
    "Wednesday Thursday Friday Saturday Sunday Christmas".split()
)
COMMON_STARTERS = set(
    "The This That These Those It Its A An In On At But And Or If When While After Before During Such Many Some "
    "Most Both Each Every Other Another Overall Meanwhile However Although Though According Mr Mrs Ms Dr He She "
    "They We I You His Her Their Our There Here What Who Why How More Less Over Under One Two Three Four Five Six "
    "Seven Eight Nine Ten Understanding Reflecting Addressing Support Authorities Human As Since Despite Because "
    "Yet Still Now Then So Even Only Just Also Last Next".split()
)

# A name's words: capitalised, or with a capital inside ("the iPod").
NAME_WORD = re.compile(r"\b[A-Z][\w'-]+|\b[a-z]+[A-Z][\w'-]*")
# Verbs of saying (lemmas): a name that is their subject speaks, it does not act ("Coastline Power
# said 9,500 homes ..."); read by the briefs' naming (service/summaries) and the answers' checks.
SPEECH = frozenset("say tell add warn claim announce explain insist confirm report".split())


def _seen_mid_sentence(text: str, word: str) -> bool:
    pattern = rf"(?<![\w]){re.escape(word)}(?![\w])"
    return any(not at_sentence_start(text, m.start()) for m in re.finditer(pattern, text))


def find_names(text: str, limit: int = 40) -> list[str]:
    """Capitalised phrases (people, organisations, places) in order of first appearance, for the
    summary prompt to choose from. Sentence-initial common words are left out."""
    seen: dict[str, None] = {}
    for match in _CAPITALISED.finditer(text):
        words = match.group(0).split()
        if words:
            words[-1] = re.sub(
                r"['’]s$", "", words[-1]
            )  # "India's" -> "India"; "Japan's Finance Ministry" stays
        while words and (words[0] in COMMON_STARTERS or words[0] in CALENDAR):
            words = words[1:]
        while words and words[-1] in CALENDAR:
            words = words[:-1]
        name = " ".join(words).strip(" .,'’&-")
        if len(name) < 2 or not name[0].isupper() or name.isdigit():
            continue
        if " " not in name and not _seen_mid_sentence(text, name):
            continue  # "Calmer", "Nevertheless": capitalised only because a sentence starts with it
        seen.setdefault(name, None)
        if len(seen) >= limit:
            break
    return list(seen)


@lru_cache
def _word_list(name: str) -> frozenset[str]:
    lines = files(__package__).joinpath("data", name).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().casefold() for line in lines if line.strip() and not line.startswith("#"))


def known_places() -> frozenset[str]:
    """A short gazetteer (data/places.txt): countries and regions small models call people."""
    return _word_list("places.txt")


def is_demonym(name: str) -> bool:
    """ "Pakistani", "Tutsis", "the Japanese": a nationality or group adjective, not a who."""
    folded = name.casefold().removeprefix("the ").strip()
    words = _word_list("demonyms.txt")
    return folded in words or (folded.endswith("s") and folded[:-1] in words)
