"""The project's own gold folders (tests/data/eval, tests/data/heldout kept back for checking, and
tests/data/tune for tuning rules) hold together: every answer, count and name they give stands in its
article, so a miss in `newsdesk eval` is the service's, not the gold's; and no two folders share an id
or a name."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from itertools import permutations
from pathlib import Path
from typing import Any

import pytest

from service.evaluation.runner import read_jsonl

DATA = Path(__file__).resolve().parents[2] / "data"


@dataclass(frozen=True)
class GoldFolder:
    name: str
    articles: dict[str, dict[str, Any]]
    gold: list[dict[str, Any]]
    cross: list[dict[str, Any]]
    followups: list[dict[str, Any]]
    n_articles: int
    n_cross: int
    n_followups: int

    def stands_in(self, needle: str, article_id: str) -> bool:
        """Case-insensitive, whitespace-normalised containment in the article's text."""
        return loose(needle) in loose(self.articles[article_id]["text"])


def loose(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def load(name: str, n_articles: int, n_cross: int, n_followups: int) -> GoldFolder:
    folder = DATA / name
    return GoldFolder(
        name=name,
        articles={a["id"]: a for a in read_jsonl(folder / "articles.jsonl")},
        gold=read_jsonl(folder / "gold.jsonl"),
        cross=read_jsonl(folder / "cross.jsonl"),
        followups=json.loads((folder / "followups.json").read_text(encoding="utf-8")),
        n_articles=n_articles,
        n_cross=n_cross,
        n_followups=n_followups,
    )


EVAL = load("eval", n_articles=30, n_cross=16, n_followups=12)
HELDOUT = load("heldout", n_articles=24, n_cross=8, n_followups=10)
TUNE = load("tune", n_articles=24, n_cross=0, n_followups=20)
FOLDERS = [EVAL, HELDOUT, TUNE]
LINES = [pytest.param(folder, gold, id=gold["id"]) for folder in FOLDERS for gold in folder.gold]

by_folder = pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: f.name)


@by_folder
def test_articles_have_the_shared_record_shape(folder: GoldFolder) -> None:
    assert len(folder.articles) == folder.n_articles
    for article in folder.articles.values():
        assert set(article) == {"id", "source", "title", "text", "published_at"}
        date.fromisoformat(article["published_at"])
        assert 180 <= len(article["text"].split()) <= 450, article["id"]
        assert "\n\n" in article["text"], f"{article['id']} has no paragraphs"


@by_folder
def test_every_article_has_exactly_one_gold_line(folder: GoldFolder) -> None:
    ids = [g["id"] for g in folder.gold]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(folder.articles)


@pytest.mark.parametrize(("folder", "gold"), LINES)
def test_gold_stands_in_its_article(folder: GoldFolder, gold: dict[str, Any]) -> None:
    article_id = gold["id"]
    text = folder.articles[article_id]["text"]
    assert 4 <= len(gold["questions"]) <= 6
    assert len(gold["unanswerable"]) >= 1
    assert gold["what"].strip()
    for q in gold["questions"]:
        assert folder.stands_in(q["a"], article_id), f"answer {q['a']!r} to {q['q']!r}"
        assert isinstance(q["answer_aliases"], list)
    assert len(gold["how_many"]) <= 8
    for item in gold["how_many"]:
        assert item["count"] in text, f"count {item['count']!r} is not verbatim"
        assert item["of_what"].strip()
    for name in gold["who"] + gold["where"]:
        # A bracketed note, as the shared gold has ("IBGE"), is not part of the name in the text.
        assert name.split(" (")[0] in text, f"name {name!r} is not as written"


@by_folder
def test_cross_questions_stand_in_their_articles(folder: GoldFolder) -> None:
    assert len(folder.cross) == folder.n_cross
    for item in folder.cross:
        assert item["kind"] in {"compare", "latest", "date"}
        assert item["article_ids"] and set(item["article_ids"]) <= set(folder.articles)
        assert any(folder.stands_in(item["a"], i) for i in item["article_ids"]), item["q"]
        if item["kind"] == "latest":
            latest = max(item["article_ids"], key=lambda i: folder.articles[i]["published_at"])
            assert folder.stands_in(item["a"], latest), (
                f"{item['q']!r}: the answer is not in the latest article"
            )


@by_folder
def test_followups_stand_in_their_articles(folder: GoldFolder) -> None:
    """Each answer stands in its article; a null answer marks a follow-up the article does not
    answer (scored as refused when the chat abstains), and then it has no aliases."""
    answerable = [f for f in folder.followups if f["answer"] is not None]
    assert len(answerable) == folder.n_followups
    assert len({(f["id"], f["second"]) for f in folder.followups}) == len(folder.followups)
    for pair in folder.followups:
        assert set(pair) == {"id", "first", "first_answer", "second", "answer", "answer_aliases"}
        assert pair["id"] in folder.articles
        if pair["answer"] is None:
            assert pair["answer_aliases"] == [], pair["second"]
        else:
            assert folder.stands_in(pair["answer"], pair["id"]), pair["second"]


@pytest.mark.parametrize(
    ("names_of", "texts_of"),
    list(permutations(FOLDERS, 2)),
    ids=lambda f: f.name,
)
def test_no_two_folders_share_names_or_ids(names_of: GoldFolder, texts_of: GoldFolder) -> None:
    """One folder's name in another folder's article would let that article answer, or distract
    from, the first folder's questions. Every ordered pair of folders is checked."""
    assert not set(names_of.articles) & set(texts_of.articles)
    names = {n.split(" (")[0] for g in names_of.gold for n in g["who"] + g["where"]}
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names if n[:1].isupper()) + r")\b")
    for article in texts_of.articles.values():
        hit = pattern.search(article["title"] + "\n" + article["text"])
        assert hit is None, f"{article['id']} names {hit.group(0)!r}" if hit else ""
