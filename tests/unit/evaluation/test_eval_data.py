"""The project's own gold folder (tests/data/eval) holds together: every answer, count and name it
gives stands in its article, so a miss in `newsdesk eval` is the service's, not the gold's."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from service.evaluation.runner import read_jsonl

EVAL = Path(__file__).resolve().parents[2] / "data" / "eval"
ARTICLES = {a["id"]: a for a in read_jsonl(EVAL / "articles.jsonl")}
GOLD = read_jsonl(EVAL / "gold.jsonl")
CROSS = read_jsonl(EVAL / "cross.jsonl")
FOLLOWUPS: list[dict[str, Any]] = json.loads((EVAL / "followups.json").read_text(encoding="utf-8"))


def loose(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def stands_in(needle: str, article_id: str) -> bool:
    """Case-insensitive, whitespace-normalised containment in the article's text."""
    return loose(needle) in loose(ARTICLES[article_id]["text"])


def test_articles_have_the_shared_record_shape() -> None:
    assert len(ARTICLES) == 30
    for article in ARTICLES.values():
        assert set(article) == {"id", "source", "title", "text", "published_at"}
        date.fromisoformat(article["published_at"])
        assert 180 <= len(article["text"].split()) <= 450, article["id"]
        assert "\n\n" in article["text"], f"{article['id']} has no paragraphs"


def test_every_article_has_exactly_one_gold_line() -> None:
    ids = [g["id"] for g in GOLD]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(ARTICLES)


@pytest.mark.parametrize("gold", GOLD, ids=lambda g: g["id"])
def test_gold_stands_in_its_article(gold: dict[str, Any]) -> None:
    article_id = gold["id"]
    text = ARTICLES[article_id]["text"]
    assert 4 <= len(gold["questions"]) <= 6
    assert len(gold["unanswerable"]) >= 1
    assert gold["what"].strip()
    for q in gold["questions"]:
        assert stands_in(q["a"], article_id), f"answer {q['a']!r} to {q['q']!r}"
        assert isinstance(q["answer_aliases"], list)
    assert len(gold["how_many"]) <= 8
    for item in gold["how_many"]:
        assert item["count"] in text, f"count {item['count']!r} is not verbatim"
        assert item["of_what"].strip()
    for name in gold["who"] + gold["where"]:
        # A bracketed note, as the shared gold has ("IBGE"), is not part of the name in the text.
        assert name.split(" (")[0] in text, f"name {name!r} is not as written"


def test_cross_questions_stand_in_their_articles() -> None:
    assert len(CROSS) == 10
    for item in CROSS:
        assert item["kind"] in {"compare", "latest", "date"}
        assert item["article_ids"] and set(item["article_ids"]) <= set(ARTICLES)
        assert any(stands_in(item["a"], i) for i in item["article_ids"]), item["q"]
        if item["kind"] == "latest":
            latest = max(item["article_ids"], key=lambda i: ARTICLES[i]["published_at"])
            assert stands_in(item["a"], latest), f"{item['q']!r}: the answer is not in the latest article"


def test_followups_stand_in_their_articles() -> None:
    assert len(FOLLOWUPS) == 12
    assert len({f["id"] for f in FOLLOWUPS}) == 12
    for pair in FOLLOWUPS:
        assert set(pair) == {"id", "first", "first_answer", "second", "answer", "answer_aliases"}
        assert pair["id"] in ARTICLES
        assert stands_in(pair["answer"], pair["id"]), pair["second"]
