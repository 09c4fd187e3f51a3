"""`newsdesk eval`: quality against a gold folder (articles.jsonl + gold.jsonl, optionally
cross.jsonl and followups.json), on a fresh temporary index built by the same container as the
service, optionally with generated distractor articles mixed in (distractors.py).

Parts: answers ("qa": questions.py), summaries (briefs.py), two-turn follow-ups (followups.py).
Parts not run report None, not 0."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from service.articles import ArticleIn
from service.config import Settings, get_settings
from service.container import Container
from service.evaluation.briefs import score_brief
from service.evaluation.distractors import distractor_articles
from service.evaluation.followups import FollowupScore, load_followups, run_followups
from service.evaluation.questions import score_article, score_cross
from service.evaluation.scoring import ratio
from service.evaluation.tally import Tally

PARTS = ("qa", "summaries", "followups", "cross")
Echo = Callable[[str], None]
GROUP = 25  # distractors are ingested as a POST of a list would be


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _ingest(container: Container, articles: list[dict[str, Any]], distractors: int, echo: Echo) -> None:
    extra = distractor_articles(distractors)
    for begin in range(0, len(extra), GROUP):
        container.articles.ingest([ArticleIn.model_validate(a) for a in extra[begin : begin + GROUP]])
    if extra:
        echo(f"ingested {len(extra)} distractor articles")
    for article in articles:  # one at a time, as a newsroom's feed arrives
        container.articles.ingest([ArticleIn.model_validate(article)])


def run_eval(
    folder: Path,
    limit: int | None = None,
    echo: Echo = print,
    parts: Iterable[str] = PARTS,
    settings: Settings | None = None,
    distractors: int = 0,
) -> dict[str, Any]:
    """Score answers ("qa"), summaries and two-turn follow-ups; the metrics of parts not run are None."""
    parts = set(parts)
    articles = read_jsonl(folder / "articles.jsonl")[:limit]
    gold = {g["id"]: g for g in read_jsonl(folder / "gold.jsonl")}
    ids = {a["id"] for a in articles}
    cross = [q for q in read_jsonl(folder / "cross.jsonl") if set(q["article_ids"]) <= ids]
    base = settings or get_settings()
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="newsdesk-eval-") as tmp:
        settings = base.model_copy(update={"data_dir": Path(tmp), "model_dir": base.models_path})
        container = Container(settings)
        try:
            _ingest(container, articles, distractors, echo)
            for article in articles:
                if "qa" in parts:
                    score_article(container.asker, article["id"], gold[article["id"]], tally, echo)
                if "summaries" in parts:
                    score_brief(container.summarizer, article, gold[article["id"]], tally, echo)
            if parts & {"qa", "cross"}:  # the two-article questions: part of qa, or alone
                score_cross(container.asker, cross, tally, echo)
            pairs = load_followups(folder, ids=ids) if "followups" in parts else []
            followups: FollowupScore = run_followups(container.chat, pairs, echo)
        finally:
            container.close()
    return {
        "qa_accuracy": tally.ratio("qa"),
        "abstention_rate": tally.ratio("abst"),
        "false_abstention_rate": tally.ratio("false_abst"),
        "wrong_answer_rate": tally.ratio("wrong"),
        "retrieval_recall": tally.ratio("retrieved"),
        "cross_accuracy": tally.ratio("cross"),
        "cross_cited_all": tally.ratio("cross_cited_all"),
        "who_recall": tally.ratio("who"),
        "who_precision": tally.ratio("who_p"),
        "where_recall": tally.ratio("where"),
        "where_precision": tally.ratio("where_p"),
        "how_many_recall": tally.ratio("hm_r"),
        "how_many_precision": tally.ratio("hm_p"),
        "what_written": tally.ratio("what_written"),
        "what_copied": tally.ratio("what_copied"),
        "what_words": tally.mean_time("what_words"),
        "followup_accuracy": ratio(followups.hits, followups.total),
        "followups": followups.total,
        "followup_refused": ratio(followups.refused, followups.unanswerable),
        "followups_unanswerable": followups.unanswerable,
        "seconds_per_answer": tally.mean_time("answer"),
        "seconds_per_summary": tally.mean_time("summary"),
        "articles": len(articles),
        "distractors": distractors,
        "questions": tally.total("qa"),
        "unanswerable": tally.total("abst"),
        "cross_questions": tally.total("cross"),
        "model": settings.openai_model if settings.provider == "openai" else settings.llm_model,
        "failed_questions": tally.failures[:20],
        "failed_followups": followups.failures[:20],
    }
