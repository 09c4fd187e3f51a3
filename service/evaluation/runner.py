"""`newsdesk eval`: quality against a gold folder (articles.jsonl + gold.jsonl, optionally
followups.json), on a fresh temporary index built by the same container as the service.

Answers ("qa"): each gold question must be answered with its gold answer (or an alias), each
unanswerable one abstained from. Summaries: who, where and how-many recall, how-many precision.
Follow-ups: two-turn conversations (followups.py). Parts not run report None, not 0."""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from service.answers import Answer, AskService
from service.articles import ArticleIn
from service.config import Settings, get_settings
from service.container import Container
from service.errors import NewsdeskError
from service.evaluation.followups import load_followups, run_followups
from service.evaluation.scoring import answer_matches, count_matches, name_matches, precision, ratio, recall
from service.summaries import SummaryService

PARTS = ("qa", "summaries", "followups")
Echo = Callable[[str], None]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


class _Tally:
    """hits/total per figure, and the times and failures the report lists."""

    def __init__(self) -> None:
        self.cells = {k: [0, 0] for k in ("qa", "abst", "false_abst", "who", "where", "hm_r", "hm_p")}
        self.answer_times: list[float] = []
        self.summary_times: list[float] = []
        self.failures: list[dict[str, Any]] = []

    def add(self, key: str, hit: bool) -> None:
        self.merge(key, (int(hit), 1))

    def merge(self, key: str, pair: tuple[int, int]) -> None:
        self.cells[key][0] += pair[0]
        self.cells[key][1] += pair[1]

    def ratio(self, key: str) -> float | None:
        return ratio(*self.cells[key])


def _ask(asker: AskService, question: str, tally: _Tally, echo: Echo) -> Answer:
    """A failed call (timeout, junk) counts as a wrong answer, not a dead evaluation."""
    start = time.perf_counter()
    try:
        return asker.ask(question)
    except NewsdeskError as exc:
        echo(f"ERROR {question}: {exc.message}")
        return Answer(answer=f"error: {exc.code}", citations=[], abstained=False)
    finally:
        tally.answer_times.append(time.perf_counter() - start)


def _score_questions(
    asker: AskService, article_id: str, gold: dict[str, Any], tally: _Tally, echo: Echo
) -> None:
    for q in gold["questions"]:
        out = _ask(asker, q["q"], tally, echo)
        ok = not out.abstained and answer_matches(out.answer, q["a"], q.get("answer_aliases", []))
        tally.add("qa", ok)
        tally.add("false_abst", out.abstained)
        if not ok:
            tally.failures.append({"id": article_id, "q": q["q"], "gold": q["a"], "got": out.answer})
        echo(f"{'ok  ' if ok else 'MISS'} {q['q']} -> {out.answer}")
    for question in gold["unanswerable"]:
        out = _ask(asker, question, tally, echo)
        tally.add("abst", out.abstained)
        echo(f"{'ok  ' if out.abstained else 'MISS'} (unanswerable) {question} -> {out.answer}")


def _score_summary(
    summarizer: SummaryService, article_id: str, gold: dict[str, Any], tally: _Tally, echo: Echo
) -> None:
    start = time.perf_counter()
    try:
        summary = summarizer.create(article_id)
    except NewsdeskError as exc:
        echo(f"summary of {article_id} failed: {exc.message}")
        summary = None
    tally.summary_times.append(time.perf_counter() - start)
    who = [w.name for w in summary.who] if summary else []
    where = [p.place for p in summary.where] if summary else []
    counts = [c.count for c in summary.how_many] if summary else []
    gold_counts = [c["count"] for c in gold["how_many"]]
    tally.merge("who", recall(who, gold["who"], name_matches))
    tally.merge("where", recall(where, gold["where"], name_matches))
    tally.merge("hm_r", recall(counts, gold_counts, count_matches))
    tally.merge("hm_p", precision(counts, gold_counts, count_matches))
    echo(f"summary {article_id}: who={who} where={where} how_many={counts}")


def _mean(times: list[float]) -> float | None:
    return round(sum(times) / len(times), 2) if times else None


def run_eval(
    folder: Path,
    limit: int | None = None,
    echo: Echo = print,
    parts: Iterable[str] = PARTS,
    settings: Settings | None = None,
) -> dict[str, Any]:
    """Score answers ("qa"), summaries and two-turn follow-ups; the metrics of parts not run are None."""
    parts = set(parts)
    articles = read_jsonl(folder / "articles.jsonl")[:limit]
    gold = {g["id"]: g for g in read_jsonl(folder / "gold.jsonl")}
    base = settings or get_settings()
    tally = _Tally()
    with tempfile.TemporaryDirectory(prefix="newsdesk-eval-") as tmp:
        settings = base.model_copy(update={"data_dir": Path(tmp), "model_dir": base.models_path})
        container = Container.build(settings)
        try:
            for article in articles:  # one at a time, as a newsroom's feed arrives
                container.articles.ingest([ArticleIn.model_validate(article)])
            for article in articles:
                if "qa" in parts:
                    _score_questions(container.asker, article["id"], gold[article["id"]], tally, echo)
                if "summaries" in parts:
                    _score_summary(container.summarizer, article["id"], gold[article["id"]], tally, echo)
            # Two-turn conversations for the articles evaluated here.
            pairs = load_followups(folder, ids=[a["id"] for a in articles]) if "followups" in parts else []
            followup_hits, followup_total, followup_failures = run_followups(container.chat, pairs, echo)
        finally:
            container.close()
    return {
        "qa_accuracy": tally.ratio("qa"),
        "abstention_rate": tally.ratio("abst"),
        "false_abstention_rate": tally.ratio("false_abst"),
        "who_recall": tally.ratio("who"),
        "where_recall": tally.ratio("where"),
        "how_many_recall": tally.ratio("hm_r"),
        "how_many_precision": tally.ratio("hm_p"),
        "followup_accuracy": ratio(followup_hits, followup_total),
        "followups": followup_total,
        "seconds_per_answer": _mean(tally.answer_times),
        "seconds_per_summary": _mean(tally.summary_times),
        "articles": len(articles),
        "questions": tally.cells["qa"][1],
        "unanswerable": tally.cells["abst"][1],
        "model": settings.openai_model if settings.provider == "openai" else settings.llm_model,
        "failed_questions": tally.failures[:20],
        "failed_followups": followup_failures[:20],
    }
