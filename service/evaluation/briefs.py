"""The summary part of `newsdesk eval`: each article's brief against its gold who, where and how many.

Figures: recall and precision of who, where and how_many against the gold lists (loose name
matching, counts by value: service/evaluation/scoring.py), and of `what`: the share written by the
model that held up (not replaced by the title), its mean length in words, and the share that copies
a sentence of the article (most of its word pairs in one article sentence)."""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Callable
from typing import Any

from index.clean import fold
from index.sentences import split_sentences
from service.errors import NewsdeskError
from service.evaluation.scoring import count_matches, name_matches, precision, recall
from service.evaluation.tally import Tally
from service.summaries import SummaryService

Echo = Callable[[str], None]
COPY_SHARE = 0.8  # this share of the sentence's word pairs in one article sentence: a copy


def _pairs(text: str) -> set[tuple[str, str]]:
    words = re.findall(r"[a-z0-9]+", fold(text))
    return set(itertools.pairwise(words))


def copies_a_sentence(what: str, text: str) -> bool:
    mine = _pairs(what)
    if not mine:
        return False
    best = max((len(mine & _pairs(s.text)) for s in split_sentences(text)), default=0)
    return best / len(mine) >= COPY_SHARE


def score_brief(
    summarizer: SummaryService, article: dict[str, Any], gold: dict[str, Any], tally: Tally, echo: Echo
) -> None:
    start = time.perf_counter()
    try:
        summary = summarizer.create(article["id"])
    except NewsdeskError as exc:
        echo(f"summary of {article['id']} failed: {exc.message}")
        summary = None
    tally.time("summary", time.perf_counter() - start)
    who = [w.name for w in summary.who] if summary else []
    where = [p.place for p in summary.where] if summary else []
    counts = [c.count for c in summary.how_many] if summary else []
    gold_counts = [c["count"] for c in gold["how_many"]]
    tally.merge("who", recall(who, gold["who"], name_matches))
    tally.merge("who_p", precision(who, gold["who"], name_matches))
    tally.merge("where", recall(where, gold["where"], name_matches))
    tally.merge("where_p", precision(where, gold["where"], name_matches))
    tally.merge("hm_r", recall(counts, gold_counts, count_matches))
    tally.merge("hm_p", precision(counts, gold_counts, count_matches))
    if summary is not None:
        written = summary.what != article["title"]
        tally.add("what_written", written)
        tally.add("what_copied", written and copies_a_sentence(summary.what, article["text"]))
        tally.time("what_words", float(len(summary.what.split())))
    echo(
        f"summary {article['id']}: who={who} where={where} how_many={counts} what={summary.what if summary else None}"
    )
