"""Which of an article's facts the model is shown, with the short ids it picks them by.

The model is slow per token on 2 cores, so it never reads the whole article: it reads the title, the
opening, and lists of candidates, each a line with an id ("N3: 84 women were freed ..."). The lists
are ranked here, without the model, and cut to a fixed size, so a 5,000-word article costs the
model about what a 500-word one does. Numbers that are never a fact of the story (a person's age,
a lone "one", the breakdown of a count given in apposition) are left out; what remains is shown
in article order, because a reader's fact box follows the story."""

from __future__ import annotations

from dataclasses import dataclass

from service.summaries.facts import CountFact, Facts, NameFact
from service.text.numbers import values

MAX_COUNTS, MAX_WHO, MAX_WHERE = 16, 12, 6
OPENING_WORDS = 70


@dataclass(frozen=True)
class Candidates:
    counts: dict[str, CountFact]  # "N1" -> fact, in article order
    who: dict[str, NameFact]  # "P1" -> person or organisation
    where: dict[str, NameFact]  # "L1" -> place


def _keep(count: CountFact) -> bool:
    lone_one = count.kind == "count" and values(count.text) == {1.0}
    return not (count.age or count.detail or lone_one)


def _count_rank(count: CountFact) -> float:
    """Earlier in the story first; a count of something that acts or is acted on before one in a
    side clause."""
    return count.sentence - (1.5 if count.role != "other" else 0.0) - (1.0 if count.of_what else 0.0)


def _name_rank(name: NameFact) -> float:
    return name.first - 2.0 * min(name.mentions, 4) - (2.0 if name.spoke or name.acted else 0.0)


def choose(facts: Facts) -> Candidates:
    counts = sorted(sorted((c for c in facts.counts if _keep(c)), key=_count_rank)[:MAX_COUNTS], key=lambda c: c.start)
    actors = [n for n in facts.names if n.kind != "place"]
    places = [n for n in facts.names if n.kind == "place"]
    who = sorted(sorted(actors, key=_name_rank)[:MAX_WHO], key=lambda n: n.starts[0])
    where = sorted(sorted(places, key=_name_rank)[:MAX_WHERE], key=lambda n: n.starts[0])
    return Candidates(
        counts={f"N{i}": c for i, c in enumerate(counts, 1)},
        who={f"P{i}": n for i, n in enumerate(who, 1)},
        where={f"L{i}": n for i, n in enumerate(where, 1)},
    )


def opening(text: str, facts: Facts, words: int = OPENING_WORDS) -> str:
    """The first sentences of the article, about `words` words (at least one whole sentence)."""
    end = 0
    for start_end in facts.sentences:
        if end and len(text[: start_end[1]].split()) > words:
            break
        end = start_end[1]
    return text[:end].strip()


def prompt_inputs(title: str, text: str, facts: Facts, candidates: Candidates) -> dict[str, str]:
    """The brief prompt's variables."""
    return {
        "title": title,
        "opening": opening(text, facts),
        "numbers": "\n".join(f"{i}: {c.context}" for i, c in candidates.counts.items()) or "(none)",
        "who": "\n".join(f"{i}: {n.name}" for i, n in candidates.who.items()) or "(none)",
        "where": "\n".join(f"{i}: {n.name}" for i, n in candidates.where.items()) or "(none)",
    }
