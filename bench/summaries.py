"""Seconds per summary, and summaries per minute in a sequential batch, with the embedded model.

Newsdesk: SummaryService.create (structured who/what/where/how-many draft, then verification
against the article), never served from its cache here. Baseline: a plain "stuff" summary chain
(one prompt with the whole article) on the same llama.cpp server. The baseline's summary is free
text and unverified, so it does less work: the ratio says what verification costs in time.
Summaries per minute is 60 / mean seconds: the one llama.cpp server runs one request at a time."""

from __future__ import annotations

import argparse
import statistics
from typing import Any

from answers import llm_setup
from baseline import Baseline
from common import Clock, header, row, source_articles


def bench(container: Any, baseline: Baseline, n_articles: int = 1) -> dict[str, Any]:
    articles = source_articles()
    # The seed first (the product's own example), then dev articles.
    picked = ([a for a in articles if a["id"] == "seed"] + [a for a in articles if a["id"] != "seed"])[
        :n_articles
    ]
    chain = baseline.summary_chain(container.provider.chat_model(max_tokens=512))
    ours, theirs = [], []
    container.asker.nlp.parse("Loaded once.")  # spaCy loads at first use, once per service: not timed
    for article in picked:
        with Clock() as clock:
            container.summarizer.create(article["id"])
        ours.append(clock.seconds)
        with Clock() as clock:
            chain.invoke({"text": article["text"]})
        theirs.append(clock.seconds)
    mean_ours, mean_theirs = statistics.mean(ours), statistics.mean(theirs)
    header(f"summaries: {len(picked)} article(s), embedded 1.5B model, 2 threads")
    print(row("seconds per summary (lower better)", mean_ours, mean_theirs, "s"))
    print(row("summaries per minute in batch", 60 / mean_ours, 60 / mean_theirs, "/min"))
    return {
        "summary_s": round(mean_ours, 2),
        "summaries": {
            "articles": [a["id"] for a in picked],
            "newsdesk_s": [round(x, 2) for x in ours],
            "baseline_s": [round(x, 2) for x in theirs],
            "newsdesk_per_min": round(60 / mean_ours, 2),
            "baseline_per_min": round(60 / mean_theirs, 2),
        },
    }


if __name__ == "__main__":
    from common import print_cpu_line

    print_cpu_line()  # which fast paths these figures ran on
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1)
    args = parser.parse_args()
    with llm_setup() as (container, baseline):
        bench(container, baseline, args.articles)
