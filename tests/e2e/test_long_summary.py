"""An article longer than one section is summarised map-reduce: each section by the real model,
items merged without duplicates, the gists collapsed into one sentence. The section size is set
small so that a short article of the project's own exercises the same path as a long one."""

from __future__ import annotations

import json

import pytest

from service.text.numbers import values
from tests.conftest import ROOT, run_service


def test_long_article_is_summarised_section_by_section(tmp_path_factory: pytest.TempPathFactory) -> None:
    parts = [json.loads(line) for line in (ROOT / "tests/data/short_articles.jsonl").read_text().splitlines()]
    text = "\n\n".join(p["text"] for p in parts)
    env = {"NEWSDESK_SUMMARY_SECTION_CHARS": "300"}
    with run_service(tmp_path_factory.mktemp("long"), "long", env) as svc:
        article = svc.http.post("/articles", json={"title": "Town news roundup", "text": text}).json()[
            "articles"
        ][0]
        response = svc.http.post(f"/articles/{article['id']}/summary")
        assert response.status_code == 200, response.text
        summary = response.json()
    counts = [values(c["count"]) for c in summary["how_many"]]
    # Facts from the first and the last section both survive the merge.
    assert any(v & {14, 12, 30000} for v in counts), summary["how_many"]
    assert any(v & {2.5, 1200, 80000} for v in counts), summary["how_many"]
    for names in ([w["name"] for w in summary["who"]], [p["place"] for p in summary["where"]]):
        assert len(names) == len({n.casefold() for n in names})  # de-duplicated across sections
    assert summary["what"] and summary["what"].count("\n") == 0
