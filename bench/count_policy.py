"""What to do with a how-many answer whose number the parse does not read as a count of the thing
asked (service/answers/counts.py), measured on the questions where it matters.

Each question of a gold folder whose passages count the thing asked about is asked through the ask
service's own steps; the model's answer is then finished under three policies and checked:
`replace` (its number replaced by the passage's count: the code until 2026-12-02), `keep` (the
model's number stands for the checks to judge: shipped) and `abstain`. Counts settled without the
model (`sole_count`) and abstentions turned into a count are the same under all three.

    .venv/bin/python bench/count_policy.py --set tests/data/tune
    .venv/bin/python bench/count_policy.py --set tests/data/eval"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from common import cpu_line
from support_gate import own_set

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

POLICIES = ("replace", "keep", "abstain")


def finished(
    nlp: Any, question: str, raw: str, docs: list[Any], policy: str, asked: Any, found: list[Any]
) -> str:
    """The answer under `policy`, given the question's asked count and the passages' counts of it
    (read once by the caller, which skips answers whose number is one of those counts)."""
    from service.answers import checks
    from service.answers.counts import _said, count_answer

    if checks.says_no(raw):
        return count_answer(nlp, question, raw, True, docs) or raw
    if policy == "replace":  # the same verb's count first, as the old code chose
        return _said(min(found, key=lambda c: (bool(asked.verb) and c.fact.verb != asked.verb, c.passage)))
    return raw if policy == "keep" else "The articles do not say."


def main() -> None:
    from service.answers import checks
    from service.answers.counts import asked_count, counts_of
    from service.answers.support import MIN_SUPPORT, MIN_SUPPORT_AGAIN
    from service.evaluation import answer_matches
    from service.text.numbers import values

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=ROOT / "tests" / "data" / "tune")
    args = parser.parse_args()
    print(cpu_line())
    gold = [json.loads(x) for x in (args.set / "gold.jsonl").read_text().splitlines() if x.strip()]
    asked_qs: list[tuple[str, tuple[str, list[str]] | None]] = [
        (q["q"], (q["a"], q.get("answer_aliases", []))) for g in gold for q in g["questions"]
    ]
    asked_qs += [(q, None) for g in gold for q in g["unanswerable"]]
    tally = {
        p: dict.fromkeys(("right", "wrong", "false_abstention", "refused", "answered"), 0) for p in POLICIES
    }
    with own_set(with_llm=True, folder=args.set) as (container, _):
        asker = container.asker
        for question, truth in asked_qs:
            asked = asked_count(asker.nlp, question)
            docs = asker.retrieve(question, None, None) if asked else []
            found = counts_of(asker.nlp, asked, docs) if asked and docs else []
            if not found:
                continue
            reply = asker.generate(question, docs)
            raw = reply.text.strip()
            if any(values(c.fact.text) & values(raw) for c in found):
                continue  # the model's number is a count of the thing: every policy keeps it
            cells = []
            for policy in POLICIES:
                text = finished(asker.nlp, question, raw, docs, policy, asked, found)
                gate = MIN_SUPPORT_AGAIN if reply.asked_again and text == raw else MIN_SUPPORT
                abstains = checks.abstains(question, text, docs, gate)
                if truth is None:
                    outcome = "refused" if abstains else "answered"
                elif abstains:
                    outcome = "false_abstention"
                else:
                    outcome = "right" if answer_matches(text, truth[0], truth[1]) else "wrong"
                tally[policy][outcome] += 1
                cells.append(f"{policy}: {outcome}")
            print(f"{question[:70]} | model: {raw[:50]!r} | {', '.join(cells)}", flush=True)
    print(json.dumps({"set": args.set.name, **tally}))


if __name__ == "__main__":
    main()
