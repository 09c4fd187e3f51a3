"""Scoring for `newsdesk eval`, as ../shared/data/README.md suggests: pure functions, unit-tested.

Answers match after normalisation (`pounds X` = `£X`, `dollars X` = `$X`, thousands separators and
"per cent" folded); names match loosely (either's words within the other's, or the gold surname in
the prediction); a count matches when a number of it matches."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from index.clean import fold
from service.text.numbers import values
from service.text.terms import tokenize, words


def normalise_answer(text: str) -> str:
    text = fold(text).replace("£", "pounds ").replace("$", "dollars ").replace("per cent", "%")
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    text = re.sub(r"\s+%", "%", text)
    return re.sub(r"\s+", " ", text)


def answer_matches(answer: str, gold: str, aliases: Iterable[str] = ()) -> bool:
    hay = normalise_answer(answer)
    for option in [gold, *aliases]:
        needle = normalise_answer(option)
        if needle and re.search(r"(?<![\w.])" + re.escape(needle) + r"(?![\w])", hay):
            return True
    return False


def names_first(answer: str, question: str, gold: list[str]) -> bool:
    """A choice ("Which ..., A or B?") answered by naming the gold option before the other one: an
    answer may name both ("B: 1,150, against 640 for A"), and the one it puts first is its pick."""
    options = re.search(r",\s*([^,]+?)\s+or\s+([^,?]+?)\s*\?*\s*$", question)
    hay = normalise_answer(answer)

    def first(names: list[str]) -> int:
        spots = [hay.find(normalise_answer(n)) for n in names if n]
        return min((s for s in spots if s >= 0), default=len(hay) + 1)

    if options is None:
        return True
    rivals = [
        o for o in options.groups() if not any(answer_matches(o, g) or answer_matches(g, o) for g in gold)
    ]
    return first(gold) < first(rivals)


def name_matches(predicted: str, gold: str) -> bool:
    """Loose: either name's words contain the other's, or the gold surname stands in the prediction."""
    p, g = words(predicted), words(gold)
    if not p or not g:
        return False
    surname = tokenize(gold.split("(")[0])
    return p <= g or g <= p or (len(surname) >= 2 and surname[-1] in p)


def count_matches(predicted: str, gold: str) -> bool:
    return bool(values(predicted) & values(gold))


def recall(predicted: list[str], gold: list[str], match: Callable[[str, str], bool]) -> tuple[int, int]:
    return sum(any(match(p, g) for p in predicted) for g in gold), len(gold)


def precision(predicted: list[str], gold: list[str], match: Callable[[str, str], bool]) -> tuple[int, int]:
    return sum(any(match(p, g) for g in gold) for p in predicted), len(predicted)


def ratio(hits: int, total: int) -> float | None:
    return round(hits / total, 3) if total else None  # nothing scored (a part not run): no figure
