"""How many right answers would each of the answer-refusal rules refuse? Read without the model.

For every answerable question of the gold folders, the gold answer is checked as if the model had
given it, over one passage: its whole article (title, text, publication date). Each rule that would
refuse it is counted: a rule that refuses right answers costs qa and adds false abstentions. Then,
with `--answers FILE` (the output of `newsdesk eval DIR --only qa`), each MISS line of an answered
unanswerable question is read the same way, over all of that folder's articles, and the rules that
would refuse it are shown (an estimate: the live run reads only the retrieved passages).

    .venv/bin/python bench/refusal_rules.py                       # dev (../shared/data/dev), own, tune, held-out
    .venv/bin/python bench/refusal_rules.py --answers /tmp/own_qa.txt --set tests/data/eval"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from langchain_core.documents import Document  # noqa: E402

from service.answers.actors import by_another_person  # noqa: E402
from service.answers.periods import for_asked_year  # noqa: E402
from service.answers.qualifiers import narrows_another, placed_elsewhere  # noqa: E402
from service.answers.roles import holds_another_role  # noqa: E402
from service.answers.subjects import unnamed_by_articles  # noqa: E402
from service.answers.support import resting  # noqa: E402
from service.text.nlp import NewsNlp  # noqa: E402
from service.text.times import names_asked_time, without_asked_years  # noqa: E402

SETS = [
    ROOT.parent / "shared/data/dev",
    ROOT / "tests/data/eval",
    ROOT / "tests/data/tune",
    ROOT / "tests/data/heldout",
]
Rule = Callable[[str, str, list[Document]], bool]


def rules(nlp: NewsNlp, articles: dict[str, dict[str, Any]]) -> dict[str, Rule]:
    def text(article_id: str) -> str:
        a = articles.get(article_id)
        return f"{a['title']}\n{a['text']}" if a else ""

    return {
        "unnamed_by_articles": lambda q, a, d: unnamed_by_articles(q, a, d, text),
        "by_another_person": lambda q, a, d: by_another_person(nlp, q, a, d),
        "placed_elsewhere": placed_elsewhere,
        "narrows_another": lambda q, a, d: narrows_another(nlp, q, a, d),
        "holds_another_role": holds_another_role,
        "other_time": lambda q, a, d: not names_asked_time(q, resting(without_asked_years(q, a), d)),
        "another_years_figure": lambda q, a, d: for_asked_year(q, a, d) is not None,
    }


def passage(article: dict[str, Any]) -> Document:
    meta = {
        "title": article["title"],
        "article_id": article["id"],
        "published_at": article.get("published_at"),
    }
    return Document(page_content=article["text"], metadata=meta)


def read(folder: Path) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    lines = (folder / "articles.jsonl").read_text().splitlines()
    articles = {a["id"]: a for a in map(json.loads, lines) if a}
    return articles, [json.loads(line) for line in (folder / "gold.jsonl").read_text().splitlines() if line]


def right_answers(nlp: NewsNlp, folder: Path) -> None:
    articles, gold = read(folder)
    checks = rules(nlp, articles)
    refused: Counter[str] = Counter()
    asked = 0
    for entry in gold:
        docs = [passage(articles[entry["id"]])]
        for question in entry["questions"]:
            asked += 1
            for name, rule in checks.items():
                if rule(question["q"], question["a"], docs):
                    refused[name] += 1
                    print(f"  refused by {name}: {question['q']} -> {question['a']}")
    counts = ", ".join(f"{name} {refused[name]}" for name in checks)
    print(f"{folder.name}: {asked} answerable questions; right answers refused: {counts}")


def answered_unanswerable(nlp: NewsNlp, folder: Path, answers: Path) -> None:
    articles, _ = read(folder)
    docs = [passage(a) for a in articles.values()]
    checks = rules(nlp, articles)
    for line in answers.read_text().splitlines():
        match = re.match(r"MISS \(unanswerable\) (.*\?) -> (.*)", line)
        if match:
            hit = [name for name, rule in checks.items() if rule(match[1], match[2], docs)]
            print(f"{'refused' if hit else 'kept   '} {match[1]} -> {match[2][:70]}  {' '.join(hit)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, action="append", help="gold folders (default: all four)")
    parser.add_argument("--answers", type=Path, help="an eval output to read the MISS lines of (one --set)")
    args = parser.parse_args()
    nlp = NewsNlp()
    folders = [f for f in (args.set or SETS) if (f / "gold.jsonl").exists()]
    if args.answers:
        answered_unanswerable(nlp, folders[0], args.answers)
        return
    for folder in folders:
        right_answers(nlp, folder)


if __name__ == "__main__":
    main()
