"""Questions that choose between two named things: "Which company is cutting more jobs, Halvorsen
Foods or Brightwater Logistics?", "Which was announced first, the factory or the takeover?".

This module only reads the question: the two options, whether they are compared by a figure (and
which way: does the larger or the smaller win) or by when their articles were published, and what
to ask of each option alone ("Halvorsen Foods is cutting how many jobs?"). compare.py answers it.

Why apart from the answer chain: given both articles' passages, the 1.5B model said "the articles
do not say" to three comparisons in three on the own set, and a model that size compares numbers
by chance when it does answer. Asked of one option at a time, each is an ordinary question the
checked answer path handles; the server then compares the two figures, or the two dates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from service.text.nlp import NewsNlp

# "<which ...>, A or B?": the options after the last comma (or colon), neither holding a comma.
_CHOICE = re.compile(
    r"^\s*(?P<head>(?:which|who)\b[^,:]*?)\s*[,:]\s*(?P<a>[^,:]+?)\s+or\s+(?P<b>[^,:]+?)\s*\?*\s*$",
    re.I,
)
# Which way a comparative points: these pick the smaller figure, the other comparatives the larger.
_SMALLER = {
    "fewer",
    "less",
    "smaller",
    "lower",
    "weaker",
    "shorter",
    "lighter",
    "cheaper",
    "slower",
    "younger",
    "narrower",
    "shallower",
    "lesser",
    "quieter",
}
# "better", "worse": what is better is the question's to say, not a figure's: not compared.
_UNORDERED = {"better", "worse", "best", "worst"}
# By date: which was announced or reported first or later (the articles' publication dates).
_EARLIER = {"first", "earlier", "sooner"}
_LATER = {"later", "last", "recently"}
_REPORTED = {
    "announce",
    "report",
    "reveal",
    "confirm",
    "unveil",
    "publish",
    "disclose",
    "declare",
    "propose",
    "approve",
    "decide",
    "agree",
    "vote",
    "say",
    "launch",
}


@dataclass(frozen=True)
class Choice:
    options: tuple[str, str]
    by: Literal["figure", "date"]
    larger: bool  # the larger figure wins; by date, the later date
    asks: tuple[str, str]  # per option: the question asked of it (figure) or the search (date)


def parse_choice(nlp: NewsNlp, question: str) -> Choice | None:
    """The choice the question asks for, or None when it is not one this module can read (then the
    question goes the usual way)."""
    match = _CHOICE.match(question)
    if match is None or " or " in match["head"].lower():
        return None
    head = match["head"]
    options = (_option(match["a"]), _option(match["b"]))
    if not all(options) or options[0].lower() == options[1].lower():
        return None
    doc = nlp.parse(head)
    words = [t for t in doc]
    # "Which company ..." names the kind of thing; "Which was ..." and "Who ..." do not.
    start = 2 if len(words) > 2 and words[1].pos_ in ("NOUN", "PROPN") else 1
    rest = words[start:]
    if not rest:
        return None
    by_date = _by_date(rest, options)
    if by_date is not None:
        return by_date
    comparative = next((t for t in rest if _is_comparative(t)), None)
    if comparative is None or comparative.lower_ in _UNORDERED:
        return None
    asks = tuple(_figure_question(rest, comparative, option) for option in options)
    if asks[0] is None or asks[1] is None:
        return None
    return Choice(options, "figure", comparative.lower_ not in _SMALLER, (asks[0], asks[1]))


def _option(text: str) -> str:
    return text.strip().rstrip("?").strip()


def _is_comparative(token: Any) -> bool:
    return token.tag_ in ("JJR", "RBR") or token.lower_ in ("more", "fewer", "less")


def _by_date(rest: list[Any], options: tuple[str, str]) -> Choice | None:
    """ "Which was announced first": a reporting verb and a word of time order."""
    time_word = next((t for t in rest if t.lower_ in _EARLIER | _LATER), None)
    if time_word is None or not any(t.lemma_.lower() in _REPORTED for t in rest):
        return None
    # "more recently": the "more" goes with the time word.
    kept = [
        t.text for t in rest if t.i != time_word.i and not (t.lower_ == "more" and t.i == time_word.i - 1)
    ]
    searches = tuple(f"{option} {' '.join(kept)}" for option in options)
    return Choice(options, "date", time_word.lower_ in _LATER, (searches[0], searches[1]))


def _figure_question(rest: list[Any], comparative: Any, option: str) -> str | None:
    """The question asked of one option: "Halvorsen Foods is cutting how many jobs?", "Tarrant Access
    was fined how much?", "How strong were the gusts that Storm Petronel brought to Askel Point?"."""
    at = next(n for n, t in enumerate(rest) if t.i == comparative.i)
    after = rest[at + 1] if at + 1 < len(rest) else None
    noun = after if after is not None and after.pos_ in ("NOUN", "PROPN") else None
    before = rest[at - 1] if at > 0 and rest[at - 1].lower_ in ("the", "a", "an") else None
    cut = (at - 1 if before is not None else at, at + (2 if noun is not None else 1))
    words = [t.text for t in rest]
    if comparative.lower_ in ("more", "fewer", "less"):
        # "more jobs" -> "how many jobs"; "more money", "cost more" -> "how much"
        many = "how many" if noun is not None and noun.tag_ == "NNS" else "how much"
        asked = " ".join([*words[: cut[0]], many, *words[at + 1 :]])
        return _sentence(f"{option} {asked}?")
    positive = comparative.lemma_.lower()
    if positive == comparative.lower_ or not positive.isalpha():
        return None  # no plain form to ask with ("How latter ...")
    remainder = " ".join(words[: cut[0]] + words[cut[1] :])
    if noun is not None:  # "brought the stronger gusts to Askel Point"
        be = "were" if noun.tag_ == "NNS" else "was"
        return _sentence(f"How {positive} {be} the {noun.text} that {option} {remainder}".strip() + "?")
    if rest[0].pos_ == "AUX" and at == 1 and len(rest) == 2:  # "is longer"
        return _sentence(f"How {positive} {rest[0].text} {option}?")
    return None


def _sentence(text: str) -> str:
    text = re.sub(r"\s+", " ", text).replace(" 's", "'s").replace(" ?", "?")
    return text[:1].upper() + text[1:]
