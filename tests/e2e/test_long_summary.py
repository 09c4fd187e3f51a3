"""A 5,000-word article is summarised by the real model at the cost of a short one: spaCy reads the
whole text, the model reads the title and the opening (tests/unit/summaries shows the prompt is the
same size), and the brief's facts come from anywhere in the article. The article is the project's
own: its short stories, one after another, and a long tail of district reports."""

from __future__ import annotations

import json

import pytest

from service.text.numbers import values
from tests.conftest import ROOT, run_service


def test_a_5000_word_article_is_summarised(tmp_path_factory: pytest.TempPathFactory) -> None:
    parts = [json.loads(line) for line in (ROOT / "tests/data/short_articles.jsonl").read_text().splitlines()]
    tail = " ".join(
        f"In district {n}, wardens counted {n + 3} parked cars and {n + 7} bicycles on Sunday."
        for n in range(420)
    )
    text = "\n\n".join([*(p["text"] for p in parts), tail])
    assert len(text.split()) > 5_000
    with run_service(tmp_path_factory.mktemp("long"), "long") as svc:
        article = svc.http.post("/articles", json={"title": "Town news roundup", "text": text}).json()[
            "articles"
        ][0]
        response = svc.http.post(f"/articles/{article['id']}/summary")
        assert response.status_code == 200, response.text
        summary = response.json()
    counts = [values(c["count"]) for c in summary["how_many"]]
    assert counts and len(counts) <= 8
    assert any(v & {14, 12, 30000} for v in counts), summary["how_many"]  # the opening story's facts
    assert summary["what"] and len(summary["what"].split()) <= 40 and values(summary["what"]) <= values(text)
    for names in ([w["name"] for w in summary["who"]], [p["place"] for p in summary["where"]]):
        assert len(names) == len({n.casefold() for n in names})
