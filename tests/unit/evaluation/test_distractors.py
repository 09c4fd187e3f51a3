"""The distractor generator: deterministic, varied, within its sizes, fast, and never a rival source
for a gold answer (no distractor names a person, place or organisation of tests/data/eval or
tests/data/heldout)."""

from __future__ import annotations

import json
import random
import re
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from service.evaluation.distractors import Slots, distractor_articles, templates
from service.evaluation.runner import read_jsonl

DATA = Path(__file__).resolve().parents[2] / "data"
GOLD = [g for name in ("eval", "heldout") for g in read_jsonl(DATA / name / "gold.jsonl")]


@pytest.fixture(scope="module")
def thousand() -> list[dict[str, str]]:
    return distractor_articles(1000)


def names_of(gold: dict[str, Any]) -> list[str]:
    """The article's proper names (who and where, without a bracketed note): lowercase entries such
    as "board of supervisors" are ordinary words a distractor may use."""
    names = (n.split(" (")[0] for n in gold["who"] + gold["where"])
    return [n for n in names if n[:1].isupper()]


def mention(names: list[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")


def test_same_seed_same_articles_and_a_longer_run_extends_a_shorter_one() -> None:
    assert distractor_articles(40, seed=7) == distractor_articles(40, seed=7)
    assert distractor_articles(10, seed=7) == distractor_articles(40, seed=7)[:10]
    assert distractor_articles(10, seed=7) != distractor_articles(10, seed=8)


def test_n_distinct_records_of_the_eval_shape_and_size(thousand: list[dict[str, str]]) -> None:
    assert len(thousand) == 1000
    assert len({a["id"] for a in thousand}) == 1000
    assert len({a["text"] for a in thousand}) == 1000
    for article in thousand:
        assert set(article) == {"id", "source", "title", "text", "published_at"}
        assert all(isinstance(v, str) and v.strip() for v in article.values())
        date.fromisoformat(article["published_at"])
        assert 150 <= len(article["text"].split()) <= 500, article["id"]
        assert article["text"].count("\n\n") >= 4, "paragraphs"
        assert "{" not in article["text"] + article["title"], "an unfilled slot"
    json.dumps(thousand)


def test_many_topics_and_kinds_of_number(thousand: list[dict[str, str]]) -> None:
    leads = {a["text"].split("\n\n")[0][:25] for a in thousand}
    assert len(leads) > 300
    text = "\n".join(a["text"] for a in thousand)
    for kind in (
        r"pounds \d",
        r"dollars \d",
        r"€\d",
        r"\d%",
        r"\b\d{1,3},\d{3}\b",
        r"\bthree\b",
        r"\b(19|20)\d\d\b",
    ):
        assert re.search(kind, text), kind


@pytest.mark.parametrize("topic", sorted(templates()))
def test_every_template_of_every_topic_fills(topic: str) -> None:
    """Rare templates too: an unknown {slot} kind would only fail on the article that draws it."""
    parts = templates()[topic]
    assert parts["body"]
    if topic != "any":
        assert parts["title"] and parts["lead"] and parts["quote"]
    for template in (t for ts in parts.values() for t in ts):
        filled = template.format_map(Slots(random.Random(0), "pounds"))
        assert "{" not in filled


def test_no_distractor_uses_a_gold_name(thousand: list[dict[str, str]]) -> None:
    pattern = mention(sorted({n for g in GOLD for n in names_of(g)}, key=len, reverse=True))
    for article in thousand:
        hit = pattern.search(article["title"] + "\n" + article["text"])
        assert hit is None, f"{article['id']} names {hit.group(0)!r}" if hit else ""


def test_no_distractor_holds_a_gold_answer_beside_its_articles_key_name(
    thousand: list[dict[str, str]],
) -> None:
    """A weak guard, as the brief asks: a distractor that named a gold article's key people or places
    and held one of its answers could answer its question in its place."""
    for gold in GOLD:
        key = mention(names_of(gold))
        answers = [q["a"].lower() for q in gold["questions"]]
        for article in thousand:
            text = article["text"]
            if key.search(text):
                assert not any(a in text.lower() for a in answers), (gold["id"], article["id"])


def test_a_thousand_in_well_under_a_few_seconds() -> None:
    start = time.perf_counter()
    distractor_articles(1000, seed=1)
    assert time.perf_counter() - start < 2.0
