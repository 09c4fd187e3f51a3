"""`newsdesk eval`: quality against a gold folder (articles.jsonl + gold.jsonl), scored as
../shared/data/README.md suggests. Scoring functions are pure and unit-tested; `run_eval` drives the
real service parts on a fresh temporary index."""

from __future__ import annotations

import json
import re
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from index.clean import fold
from service.followups import load_followups, run_followups
from service.numbers import values

_NAME_STOP = {"the", "of", "and", "for", "s", "&"}


def normalise_answer(text: str) -> str:
    text = fold(text).replace("£", "pounds ").replace("$", "dollars ").replace("per cent", "%")
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    text = re.sub(r"\s+%", "%", text)
    return re.sub(r"\s+", " ", text)


def answer_matches(answer: str, gold: str, aliases: Iterable[str] = ()) -> bool:
    hay = normalise_answer(answer)
    for option in [gold, *aliases]:
        needle = normalise_answer(option)
        if needle and re.search(r"(?<![\w.])" + re.escape(needle) + r"(?![\w])", hay):
            return True
    return False


def _name_tokens(name: str) -> set[str]:
    return {t for t in re.findall(r"[a-z0-9]+", fold(name)) if t not in _NAME_STOP}


def name_matches(predicted: str, gold: str) -> bool:
    """Loose: either name's words contain the other's, or the gold surname stands in the prediction."""
    p, g = _name_tokens(predicted), _name_tokens(gold)
    if not p or not g:
        return False
    surname = re.findall(r"[a-z0-9]+", fold(gold.split("(")[0]))
    return p <= g or g <= p or (len(surname) >= 2 and surname[-1] in p)


def count_matches(predicted: str, gold: str) -> bool:
    return bool(values(predicted) & values(gold))


def recall(predicted: list[str], gold: list[str], match: Callable[[str, str], bool]) -> tuple[int, int]:
    return sum(any(match(p, g) for p in predicted) for g in gold), len(gold)


def precision(predicted: list[str], gold: list[str], match: Callable[[str, str], bool]) -> tuple[int, int]:
    return sum(any(match(p, g) for g in gold) for p in predicted), len(predicted)


def _ratio(hits: int, total: int) -> float | None:
    return round(hits / total, 3) if total else None  # nothing scored (a part not run): no figure


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


PARTS = ("qa", "summaries", "followups")


def run_eval(
    folder: Path,
    limit: int | None = None,
    echo: Callable[[str], None] = print,
    parts: Iterable[str] = PARTS,
) -> dict[str, Any]:
    """Score answers ("qa"), summaries and two-turn follow-ups; the metrics of parts not run are None."""
    parts = set(parts)
    from service.articles import to_raw
    from service.config import get_settings
    from service.container import Container
    from service.errors import NewsdeskError
    from service.schemas import ArticleIn

    articles = read_jsonl(folder / "articles.jsonl")[:limit]
    gold = {g["id"]: g for g in read_jsonl(folder / "gold.jsonl")}
    base = get_settings()
    with tempfile.TemporaryDirectory(prefix="newsdesk-eval-") as tmp:
        settings = base.model_copy(update={"data_dir": Path(tmp), "model_dir": base.models_path})
        container = Container.build(settings)
        try:
            for article in articles:
                container.indexer.ingest(to_raw(ArticleIn.model_validate(article)))
            tally: dict[str, list[int]] = {
                k: [0, 0] for k in ("qa", "abst", "false_abst", "who", "where", "hm_r", "hm_p")
            }
            answer_times: list[float] = []
            summary_times: list[float] = []
            failures: list[dict[str, Any]] = []
            for article in articles:
                g = gold[article["id"]]
                for q in g["questions"] if "qa" in parts else []:
                    start = time.perf_counter()
                    out = _ask(container, q["q"], echo)
                    answer_times.append(time.perf_counter() - start)
                    ok = not out.abstained and answer_matches(out.answer, q["a"], q.get("answer_aliases", []))
                    _add(tally["qa"], ok)
                    _add(tally["false_abst"], out.abstained)
                    if not ok:
                        failures.append({"id": article["id"], "q": q["q"], "gold": q["a"], "got": out.answer})
                    echo(f"{'ok  ' if ok else 'MISS'} {q['q']} -> {out.answer}")
                for question in g["unanswerable"] if "qa" in parts else []:
                    start = time.perf_counter()
                    out = _ask(container, question, echo)
                    answer_times.append(time.perf_counter() - start)
                    _add(tally["abst"], out.abstained)
                    echo(f"{'ok  ' if out.abstained else 'MISS'} (unanswerable) {question} -> {out.answer}")
                if "summaries" not in parts:
                    continue
                start = time.perf_counter()
                try:
                    summary = container.summarizer.create(article["id"])
                except NewsdeskError as exc:
                    echo(f"summary of {article['id']} failed: {exc.message}")
                    summary = None
                summary_times.append(time.perf_counter() - start)
                who = [w.name for w in summary.who] if summary else []
                where = [p.place for p in summary.where] if summary else []
                counts = [c.count for c in summary.how_many] if summary else []
                gold_counts = [c["count"] for c in g["how_many"]]
                _merge(tally["who"], recall(who, g["who"], name_matches))
                _merge(tally["where"], recall(where, g["where"], name_matches))
                _merge(tally["hm_r"], recall(counts, gold_counts, count_matches))
                _merge(tally["hm_p"], precision(counts, gold_counts, count_matches))
                echo(f"summary {article['id']}: who={who} where={where} how_many={counts}")
            # Two-turn conversations (tests/data/followups.json) for the articles evaluated here.
            pairs = load_followups(ids=[a["id"] for a in articles]) if "followups" in parts else []
            followup_hits, followup_total, followup_failures = run_followups(container.chat, pairs, echo)
        finally:
            container.close()
    return {
        "qa_accuracy": _ratio(*tally["qa"]),
        "abstention_rate": _ratio(*tally["abst"]),
        "false_abstention_rate": _ratio(*tally["false_abst"]),
        "who_recall": _ratio(*tally["who"]),
        "where_recall": _ratio(*tally["where"]),
        "how_many_recall": _ratio(*tally["hm_r"]),
        "how_many_precision": _ratio(*tally["hm_p"]),
        "followup_accuracy": _ratio(followup_hits, followup_total),
        "followups": followup_total,
        "seconds_per_answer": round(sum(answer_times) / len(answer_times), 2) if answer_times else None,
        "seconds_per_summary": round(sum(summary_times) / len(summary_times), 2) if summary_times else None,
        "articles": len(articles),
        "questions": tally["qa"][1],
        "unanswerable": tally["abst"][1],
        "model": settings.openai_model if settings.provider == "openai" else settings.llm_model,
        "failed_questions": failures[:20],
        "failed_followups": followup_failures[:20],
    }


def _ask(container: Any, question: str, echo: Callable[[str], None]) -> Any:
    """A failed call (timeout, junk) counts as a wrong answer, not a dead evaluation."""
    from service.errors import NewsdeskError
    from service.schemas import AskOut

    try:
        return container.asker.ask(question)
    except NewsdeskError as exc:
        echo(f"ERROR {question}: {exc.message}")
        return AskOut(answer=f"error: {exc.code}", citations=[], abstained=False)


def _add(cell: list[int], hit: bool) -> None:
    cell[0] += int(hit)
    cell[1] += 1


def _merge(cell: list[int], pair: tuple[int, int]) -> None:
    cell[0] += pair[0]
    cell[1] += pair[1]
