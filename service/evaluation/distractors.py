"""Distractor articles to hide a gold set among: `distractor_articles(1000)` gives a thousand invented
news stories in the shape of an eval folder's articles.jsonl records.

Why: a gold set of 30 articles is easy to retrieve from; among a thousand look-alikes the retriever has
to work. So the distractors share the gold sets' topics and vocabulary (storms, job cuts, police
raids, waiting lists, cup finals...) and their kinds of numbers (counts, money in pounds, dollars and
euros, percentages, number words, ranges, years, dates, ages), but every name comes from the lists
of distractor_words.py, which share no person, place or company with the gold sets, so no distractor
can answer a gold question (tests/unit/evaluation/test_distractors.py checks this on tests/data/eval).

How: the story templates live in data/distractors.txt, one [topic] each; an article is a topic's
title, a lead, a random subset of its body paragraphs (and of the shared background ones) in random
order and one or two quotes, with every {slot} filled once per article (the same {town} throughout).
Pure Python, no model, no network; the random generator is seeded per article from (seed, index), so
the same seed gives the same articles, and the first n of a longer run are the n of a shorter one."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import date, timedelta
from functools import cache
from importlib.resources import files

from service.evaluation.distractor_words import (
    CLUBS,
    CO_A,
    CO_B,
    CODENAMES,
    DAYS,
    FIRST,
    LAST,
    MONTHS,
    NUMBER_WORDS,
    ORDINALS,
    OUTLETS,
    PHRASES,
    REGIONS,
    RIVERS,
    STORMS,
    STREETS,
    TOWN_A,
    TOWN_B,
)

Maker = Callable[[random.Random, str], str]


def _town(r: random.Random) -> str:
    name = r.choice(TOWN_A) + r.choice(TOWN_B)
    return r.choice([name, name, name, f"Port {name}", f"{name} Bay", f"Great {name}"])


def _village(r: random.Random) -> str:
    return r.choice(["Little ", "Upper ", "Nether ", ""]) + r.choice(TOWN_A) + r.choice(TOWN_B)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _money(currency: str, amount: str) -> str:
    """As the shared data writes money: "pounds 3.5m", "dollars 12bn", but "€40m"."""
    return f"€{amount}" if currency == "€" else f"{currency} {amount}"


def _millions(r: random.Random) -> str:
    return r.choice([str(r.randint(2, 95)), f"{r.randint(11, 99) / 10:.1f}"]) + "m"


def _thousands(r: random.Random) -> int:
    return r.randrange(1_000, 99_000, r.choice([1, 10, 100]))


def _pair(r: random.Random, low: int, high: int) -> tuple[int, int]:
    a, b = sorted(r.sample(range(low, high), 2))
    return a, b


def _mrange(r: random.Random, cur: str) -> str:
    low, high = _pair(r, 5, 60)
    return f"between {_money(cur, f'{low / 10:.1f}m')} and {_money(cur, f'{high / 10:.1f}m')}"


def _overrun(r: random.Random, cur: str) -> str:
    budget, cost = _pair(r, 40, 900)
    return f"{_money(cur, f'{cost}m')} against an original budget of {_money(cur, f'{budget}m')}"


def _one_of(options: list[str]) -> Maker:
    return lambda r, c: r.choice(options)


# Every {slot} kind of data/distractors.txt: the kind is the slot's name without its digits.
MAKERS: dict[str, Maker] = {
    "p": lambda r, c: f"{r.choice(FIRST)} {r.choice(LAST)}",
    "artist": lambda r, c: f"{r.choice(FIRST)} {r.choice(LAST)}",
    "town": lambda r, c: _town(r),
    "village": lambda r, c: _village(r),
    "region": lambda r, c: r.choice(REGIONS),
    "street": lambda r, c: f"{r.choice(LAST)} {r.choice(STREETS)}",
    "river": lambda r, c: r.choice(RIVERS),
    "ground": lambda r, c: r.choice([f"{r.choice(LAST)} Park", f"the {r.choice(TOWN_A)} Ground"]),
    "club": lambda r, c: f"{_town(r)} {r.choice(CLUBS)}",
    "company": lambda r, c: f"{r.choice(CO_A)} {r.choice(CO_B)}",
    "railco": lambda r, c: f"{r.choice(CO_A)} {r.choice(['Rail', 'Trains', 'Railways'])}",
    "powerco": lambda r, c: f"{r.choice(CO_A)} {r.choice(['Power', 'Energy', 'Networks'])}",
    "storm": lambda r, c: r.choice(STORMS),
    "codename": lambda r, c: r.choice(CODENAMES),
    **{kind: _one_of(options.split("|")) for kind, options in PHRASES.items()},
    "n": lambda r, c: str(r.randint(2, 19)),
    "w": lambda r, c: r.choice(NUMBER_WORDS[2:]),
    "W": lambda r, c: r.choice(NUMBER_WORDS[2:]).capitalize(),
    "c": lambda r, c: str(r.randint(20, 990)),
    "cs": lambda r, c: str(r.randint(20, 150)),
    "pts": lambda r, c: str(r.randint(12, 78)),
    "pop": lambda r, c: f"{r.randrange(8_000, 250_000, 100):,}",
    # Pairs in the order the prose needs: "430 of the 517", "fell to 66, from 130", "from 40 to 130".
    "part": lambda r, c: "{} of the {}".format(*_pair(r, 20, 990)),
    "partsmall": lambda r, c: "{} of its {}".format(*_pair(r, 2, 20)),
    "fall": lambda r, c: "{}, from {}".format(*_pair(r, 20, 990)),
    "rise": lambda r, c: "{} to {}".format(*_pair(r, 20, 990)),
    "k": lambda r, c: f"{_thousands(r):,}",
    "big": lambda r, c: f"{r.randint(11, 98) / 10:.1f} million",
    "dec": lambda r, c: f"{r.randint(11, 99) / 10:.1f}",
    "pct": lambda r, c: r.choice([f"{r.randint(2, 95)}%", f"{r.randint(5, 300) / 10:.1f}%"]),
    "rate": lambda r, c: f"{r.randint(20, 120) / 10:.1f}%",  # unemployment, margins
    "cover": lambda r, c: f"{r.randint(70, 93)}%",  # vaccination
    "depth": lambda r, c: f"{r.randint(5, 25) / 10:.1f}",
    "yr": lambda r, c: str(r.randint(1950, 2021)),
    "yr_future": lambda r, c: str(r.randint(2025, 2031)),
    "yr_recent": lambda r, c: str(r.randint(2012, 2022)),
    "yr_old": lambda r, c: str(r.randint(1760, 1930)),
    "span": lambda r, c: "{} and {}".format(*_pair(r, 2008, 2023)),
    "date": lambda r, c: f"{r.randint(1, 28)} {r.choice(MONTHS)}",
    "day": lambda r, c: r.choice(DAYS),
    "month": lambda r, c: r.choice(MONTHS),
    "ord": lambda r, c: r.choice(ORDINALS),
    "minute": lambda r, c: _ordinal(r.randint(2, 89)),
    "early_minute": lambda r, c: _ordinal(r.randint(2, 40)),
    "score": lambda r, c: "{1}-{0}".format(*_pair(r, 0, 6)),
    "votes": lambda r, c: "{1} to {0}".format(*_pair(r, 9, 46)),
    "votes_small": lambda r, c: "{1} to {0}".format(*(NUMBER_WORDS[n] for n in _pair(r, 1, 10))),
    "age": lambda r, c: str(r.randint(19, 88)),
    "age_old": lambda r, c: str(r.randint(78, 95)),
    "age_child": lambda r, c: str(r.randint(11, 15)),
    "age_player": lambda r, c: str(r.randint(18, 35)),
    "age_senior": lambda r, c: r.choice(["65", "70", "75"]),
    "mph": lambda r, c: str(r.randint(55, 99)),
    "temp": lambda r, c: str(r.randint(95, 112)),
    "range": lambda r, c: "{} and {}".format(*_pair(r, 20, 120)),
    "range_pct": lambda r, c: "{}% and {}%".format(*_pair(r, 2, 9)),
    "racetime": lambda r, c: f"{r.randint(3, 5)} hours {r.randint(1, 59)} minutes {r.randint(1, 59)} seconds",
    "wintime": lambda r, c: f"2 hours {r.randint(6, 40)} minutes {r.randint(1, 59)} seconds",
    "yeargroup": lambda r, c: str(r.randint(7, 11)),
    "m": lambda r, c: _money(c, f"{r.randrange(1_000, 950_000, 50):,}"),
    "mm": lambda r, c: _money(c, _millions(r)),
    "bn": lambda r, c: _money(c, f"{r.randint(11, 199) / 10:.1f}bn"),
    "mk": lambda r, c: _money(c, f"{r.randrange(300, 3_000, 5):,}"),
    "salary": lambda r, c: _money(c, f"{r.randrange(18_000, 72_000, 50):,}"),
    "m_small": lambda r, c: _money(c, f"{r.randint(80, 450) / 100:.2f}"),
    "price": lambda r, c: _money(c, str(r.randint(8, 320))),
    "ticket": lambda r, c: "{1}, up from {0}".format(*(_money(c, str(x)) for x in _pair(r, 40, 320))),
    "mrange": _mrange,
    "overrun": _overrun,
}
_SLOT = re.compile(r"([A-Za-z_]+?)(\d*)(_last)?")
MIN_WORDS, MAX_WORDS = 150, 500


class Slots(dict[str, str]):
    """One article's slot values, made on first use: {town} is the same town every time it appears,
    {town2} another one; {p1_last} is the surname of {p1}."""

    def __init__(self, rng: random.Random, currency: str) -> None:
        super().__init__()
        self.rng, self.currency = rng, currency
        self.used: dict[str, set[str]] = {}

    def __missing__(self, key: str) -> str:
        match = _SLOT.fullmatch(key)
        if match is None or match.group(1) not in MAKERS:
            raise KeyError(f"no slot kind for {{{key}}} in data/distractors.txt")
        if match.group(3):
            return self[key.removesuffix("_last")].rsplit(" ", 1)[1]
        kind = match.group(1)
        used = self.used.setdefault(kind, set())
        for _ in range(20):  # distinct values for {town} and {town2}, when the kind has enough
            value = MAKERS[kind](self.rng, self.currency)
            if value not in used:
                break
        used.add(value)
        self[key] = value
        return value


@cache
def templates() -> dict[str, dict[str, list[str]]]:
    """data/distractors.txt as {topic: {"title"|"lead"|"body"|"quote": [template, ...]}}."""
    raw = files(__package__ or "service.evaluation").joinpath("data", "distractors.txt").read_text("utf-8")
    topics: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] = {}
    for line in raw.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = topics.setdefault(line[1:-1], {"title": [], "lead": [], "body": [], "quote": []})
        else:
            part, _, template = line.partition(": ")
            current[part].append(template)
    return topics


def distractor_article(index: int, seed: int = 0) -> dict[str, str]:
    """The `index`-th distractor of `seed`: a lead, then four or more of its topic's body paragraphs
    and up to four background ones ([any]) in random order, one or two quotes (never first);
    background is added or bodies dropped until it has MIN_WORDS to MAX_WORDS words."""
    rng = random.Random(f"newsdesk-distractor:{seed}:{index}")
    topic = templates()[rng.choice(sorted(set(templates()) - {"any"}))]
    slots = Slots(rng, rng.choice(["pounds", "dollars", "€"]))
    background = rng.sample(templates()["any"]["body"], len(templates()["any"]["body"]))
    body = rng.sample(topic["body"], rng.randint(4, len(topic["body"])))
    body += [background.pop() for _ in range(rng.randint(0, 4))]
    rng.shuffle(body)
    paragraphs = [rng.choice(topic["lead"]), *body]
    for quote in rng.sample(topic["quote"], rng.randint(1, 2)):
        paragraphs.insert(rng.randint(2, len(paragraphs)), quote)
    text = [p.format_map(slots) for p in paragraphs]
    while _words(text) < MIN_WORDS and background:
        text.append(background.pop().format_map(slots))
    while _words(text) > MAX_WORDS:
        text.pop(-2)  # a later paragraph; the lead stays first
    return {
        "id": f"distractor-{seed}-{index:05d}",
        "source": rng.choice(OUTLETS).format_map(slots),
        "title": rng.choice(topic["title"]).format_map(slots),
        "text": "\n\n".join(text),
        "published_at": (date(2023, 1, 1) + timedelta(days=rng.randrange(731))).isoformat(),
    }


def _words(paragraphs: list[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)


def distractor_articles(n: int, seed: int = 0) -> list[dict[str, str]]:
    """`n` distractor articles ({"id", "source", "title", "text", "published_at"}), the same for the
    same `seed`."""
    return [distractor_article(i, seed) for i in range(n)]


if __name__ == "__main__":  # python -m service.evaluation.distractors 1000 [seed] > distractors.jsonl
    import json
    import sys

    for record in distractor_articles(int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 0):
        print(json.dumps(record, ensure_ascii=False))
