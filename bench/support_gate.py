"""Calibrates the answer's support gate (service/answers/support.py, MIN_SUPPORT) on the project's
own eval set (tests/data/eval), never on the shared dev set.

Every gold question and every unanswerable one of the own set is asked once through the ask
service's own steps (retrieve, generate with its retry after an abstention, the how-many count),
with the gate switched off; for each answer its support score and the other checks' verdict are
kept. Any threshold's outcome then follows without asking again: an answer is abstained on when the
other checks abstain or its support is below the threshold. The set is split by article (even /
odd line of articles.jsonl): the threshold is picked on one half and read on the other, so the
reported figure is not the one it was tuned on. Rows are written to --out as JSONL to re-read.

    .venv/bin/python bench/support_gate.py --out /tmp/support.jsonl
    .venv/bin/python bench/support_gate.py --read /tmp/support.jsonl   # the table again, no model
    .venv/bin/python bench/support_gate.py --read /tmp/support.jsonl --rescore   # checks re-run

--rescore re-runs the checks and the support score of the kept answers with the code as it stands
(retrieval is deterministic, so each question gets the passages it had), without the model."""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from common import cpu_line

ROOT = Path(__file__).resolve().parent.parent
OWN = ROOT / "tests" / "data" / "eval"
THRESHOLDS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


@contextmanager
def own_set(with_llm: bool, folder: Path = OWN) -> Iterator[tuple[Any, list[dict[str, Any]]]]:
    """A container on a fresh temporary index holding the own set's articles, and the articles."""
    from service.articles import ArticleIn
    from service.config import get_settings
    from service.container import Container

    articles = [json.loads(x) for x in (folder / "articles.jsonl").read_text().splitlines() if x.strip()]
    with tempfile.TemporaryDirectory(prefix="bench-gate-") as tmp:
        base = get_settings()
        settings = base.model_copy(update={"data_dir": Path(tmp), "model_dir": base.models_path})
        container = Container(settings, with_llm=with_llm)
        try:
            for a in articles:
                container.articles.ingest([ArticleIn.model_validate(a)])
            yield container, articles
        finally:
            container.close()


def scored(question: str, answer: str, docs: list[Any]) -> dict[str, Any]:
    """The other checks' verdict with the gate off, and the support score the gate would read."""
    from service.answers import checks
    from service.answers.support import support

    return {
        "other_checks_abstain": not docs or checks.abstains(question, answer, docs, min_support=-1.0),
        "support": support(question, answer, docs) if docs else 0.0,
    }


def collect(out: Path, folder: Path = OWN) -> list[dict[str, Any]]:
    from service.evaluation import answer_matches

    gold = {
        g["id"]: g for g in (json.loads(x) for x in (folder / "gold.jsonl").read_text().splitlines() if x)
    }
    rows: list[dict[str, Any]] = []
    with own_set(with_llm=True, folder=folder) as (container, articles), out.open("w") as sink:
        asker = container.asker
        for half, a in enumerate(articles):
            g = gold[a["id"]]
            asked = [(q["q"], q["a"], q.get("answer_aliases", [])) for q in g["questions"]]
            asked += [(q, None, []) for q in g["unanswerable"]]
            for question, answer, aliases in asked:
                docs = asker.retrieve(question, None, None)
                # The service's own steps: the count shortcut, the model, its retry after an abstention.
                reply = asker.generate(question, docs) if docs else None
                # The passages the reply was written over: the wider cut when it was asked over it.
                wider = list(reply.docs) if reply else []
                widened, docs = bool(wider), wider or docs
                raw = reply.text.strip() if reply else ""
                text = (asker.count_in(question, reply, docs) if reply else None) or raw
                row = {
                    "set": folder.name,  # --rescore must re-read the same articles
                    "half": half % 2,
                    "question": question,
                    "answerable": answer is not None,
                    "retried": bool(reply and reply.asked_again),
                    "widened": widened,
                    "counted": text != raw,  # a how-many count: the first gate applies
                    "answer": text,
                    **scored(question, text, docs),
                    "right": answer is not None and answer_matches(text, answer, aliases),
                }
                rows.append(row)
                sink.write(json.dumps(row) + "\n")
                sink.flush()
                print(f"{row['support']:.2f} {'ok ' if row['right'] else '-- '} {question} -> {text}")
    return rows


def rescore(rows: list[dict[str, Any]], folder: Path = OWN) -> list[dict[str, Any]]:
    with own_set(with_llm=False, folder=folder) as (container, _):
        asker = container.asker
        for r in rows:
            docs = asker.retrieve(r["question"], None, None)
            r.update(
                scored(
                    r["question"], r["answer"], asker.widen(r["question"], docs) if r.get("widened") else docs
                )
            )
    return rows


def _type_checks(r: dict[str, Any]) -> bool:
    """The checks on the answer's text alone, as the code stands now (rows may predate them)."""
    from service.answers.checks import off_the_question
    from service.answers.citations import strip_markers

    answer = strip_markers(r["answer"])
    return off_the_question(r["question"], answer)


def outcome(rows: list[dict[str, Any]], threshold: float, retried_threshold: float) -> dict[str, float]:
    """The eval's answer figures had the gate been `threshold` for first answers and
    `retried_threshold` for answers given only when asked again after an abstention."""
    answerable = [r for r in rows if r["answerable"]]
    nots = [r for r in rows if not r["answerable"]]

    def abstains(r: dict[str, Any]) -> bool:
        gate = retried_threshold if r.get("retried") and not r.get("counted") else threshold
        return bool(r["other_checks_abstain"]) or _type_checks(r) or r["support"] < gate

    right = sum(1 for r in answerable if not abstains(r) and r["right"])
    false_abst = sum(1 for r in answerable if abstains(r))
    return {
        "qa": right / len(answerable),
        "false_abst": false_abst / len(answerable),
        "wrong": (len(answerable) - right - false_abst) / len(answerable),
        "refused": sum(1 for r in nots if abstains(r)) / len(nots) if nots else 0.0,
    }


def score(rows: list[dict[str, Any]], threshold: float, retried_threshold: float) -> float:
    """What the gate is for, over all questions: right answers, less the answers a reader would
    believe but should not (wrong ones, and answers to questions the articles do not answer)."""
    o = outcome(rows, threshold, retried_threshold)
    answerable = sum(1 for r in rows if r["answerable"])
    nots = len(rows) - answerable
    return (answerable * (o["qa"] - o["wrong"]) - nots * (1 - o["refused"])) / len(rows)


def _cells(parts: list[list[dict[str, Any]]], t: float, t_retry: float) -> str:
    cells = []
    for part in parts:
        o = outcome(part, t, t_retry)
        cells.append(f"{o['qa']:.3f} / {o['false_abst']:.3f} / {o['wrong']:.3f} / {o['refused']:.3f}")
    return " | ".join(cells)


def table(rows: list[dict[str, Any]]) -> None:
    print(cpu_line())
    tune = [r for r in rows if r["half"] == 0]
    held = [r for r in rows if r["half"] == 1]
    retried = sum(1 for r in rows if r.get("retried"))
    print(f"{len(rows)} questions, {retried} answered only when asked again")
    print(
        "| MIN_SUPPORT (first / asked again) | tuning half: qa / false abst / wrong / refused | held-out half | all |"
    )
    print("| --- | --- | --- | --- |")
    for t in THRESHOLDS:
        print(f"| {t} / {t} | {_cells([tune, held, rows], t, t)} |")
    pairs = [(t, r) for t in THRESHOLDS for r in THRESHOLDS if r >= t]
    best = max(pairs, key=lambda p: (score(tune, *p), -p[0], -p[1]))
    print(f"| picked on the tuning half: {best[0]} / {best[1]} | {_cells([tune, held, rows], *best)} |")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=Path("support-gate.jsonl"))
    parser.add_argument("--read", type=Path, help="re-read rows written before; ask nothing")
    parser.add_argument("--rescore", action="store_true", help="with --read: re-run the checks")
    parser.add_argument(
        "--set",
        type=Path,
        default=OWN,
        help="a gold folder to read (tests/data/heldout: to check, never to pick)",
    )
    args = parser.parse_args()
    rows = (
        [json.loads(x) for x in args.read.read_text().splitlines() if x.strip()]
        if args.read
        else collect(args.out, args.set)
    )
    if args.read and args.rescore:
        if {r.get("set", args.set.name) for r in rows} != {args.set.name}:
            parser.error(f"these rows were asked of another set than {args.set}: pass its --set")
        rows = rescore(rows, args.set)
        with args.read.with_suffix(".rescored.jsonl").open("w") as sink:
            sink.writelines(json.dumps(r) + "\n" for r in rows)
    table(rows)


if __name__ == "__main__":
    main()
