"""The answer part of `newsdesk eval`: every gold question asked through the ask service, every
unanswerable one expected to be abstained from, and whether retrieval found the question's article.

Figures: qa_accuracy (answered with the gold answer or an alias), false_abstention_rate (abstained
although the article holds the answer), wrong_answer_rate (answered, but not with the gold answer:
the errors a reader would believe), abstention_rate (unanswerable questions refused), and
retrieval_recall (the question's own article among the chunks retrieved, before the tight context
cuts them), which tells a retrieval miss from a model miss when distractors are mixed in. Questions
that need two articles or the publication dates (cross.jsonl) score as cross_accuracy."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from service.answers import Answer, AskService
from service.errors import NewsdeskError
from service.evaluation.scoring import answer_matches, names_first
from service.evaluation.tally import Tally

Echo = Callable[[str], None]


def ask(asker: AskService, question: str, tally: Tally, echo: Echo) -> Answer:
    """A failed call (timeout, junk) counts as a wrong answer, not a dead evaluation."""
    start = time.perf_counter()
    try:
        return asker.ask(question)
    except NewsdeskError as exc:
        echo(f"ERROR {question}: {exc.message}")
        return Answer(answer=f"error: {exc.code}", citations=[], abstained=False)
    finally:
        tally.time("answer", time.perf_counter() - start)


def _retrieved(asker: AskService, question: str, article_ids: Iterable[str]) -> bool:
    docs = asker.retriever.search(question, asker.k)
    return any(d.metadata.get("article_id") in set(article_ids) for d in docs)


def score_article(asker: AskService, article_id: str, gold: dict[str, Any], tally: Tally, echo: Echo) -> None:
    for q in gold["questions"]:
        tally.add("retrieved", _retrieved(asker, q["q"], [article_id]))
        out = ask(asker, q["q"], tally, echo)
        ok = not out.abstained and answer_matches(out.answer, q["a"], q.get("answer_aliases", []))
        tally.add("qa", ok)
        tally.add("false_abst", out.abstained)
        tally.add("wrong", not ok and not out.abstained)
        if not ok:
            tally.failures.append({"id": article_id, "q": q["q"], "gold": q["a"], "got": out.answer})
        echo(f"{'ok  ' if ok else 'MISS'} {q['q']} -> {out.answer}")
    for question in gold["unanswerable"]:
        out = ask(asker, question, tally, echo)
        tally.add("abst", out.abstained)
        echo(f"{'ok  ' if out.abstained else 'MISS'} (unanswerable) {question} -> {out.answer}")


def score_cross(asker: AskService, questions: list[dict[str, Any]], tally: Tally, echo: Echo) -> None:
    for q in questions:
        out = ask(asker, q["q"], tally, echo)
        ok = not out.abstained and answer_matches(out.answer, q["a"], q.get("answer_aliases", []))
        if q.get("kind") in ("compare", "date"):  # both options may be named: the winner first
            ok = ok and names_first(out.answer, q["q"], [q["a"], *q.get("answer_aliases", [])])
        tally.add("cross", ok)
        cited = {c.article_id for c in out.citations}
        tally.add("cross_cited_all", ok and set(q["article_ids"]) <= cited)
        echo(f"{'ok  ' if ok else 'MISS'} (cross, {q.get('kind')}) {q['q']} -> {out.answer}")
