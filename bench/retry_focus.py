"""The retry after an abstention, over the wider cut whole or over only the sentences an answer
could rest on (AskService.focus_retry, service/answers/context.py `within_reach`).

Every gold question of a folder, answerable and not, is asked through the ask service twice, once
each way. Only questions whose first answer is the abstention reach the retry, so the model's first
call is made once and remembered (same passages, same prompt, same greedy answer); the two ways
differ only in the retry's passages. Prints, per way: answered right, wrong, abstained on answerable
questions, unanswerable ones refused, and the retry's prompt size and time.

    .venv/bin/python bench/retry_focus.py tests/data/tune tests/data/eval tests/data/heldout
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from common import cpu_line

WAYS = {"wider cut whole": False, "sentences in reach": True}


def run_folder(folder: Path) -> dict[str, dict[str, float]]:
    from langchain_core.runnables import RunnableLambda

    from service.articles import ArticleIn
    from service.config import get_settings
    from service.container import Container
    from service.evaluation import answer_matches

    articles = [json.loads(x) for x in (folder / "articles.jsonl").read_text().splitlines() if x.strip()]
    gold = [json.loads(x) for x in (folder / "gold.jsonl").read_text().splitlines() if x.strip()]
    tally: dict[str, dict[str, float]] = {
        w: {
            "right": 0,
            "wrong": 0,
            "false_abst": 0,
            "refused": 0,
            "retries": 0,
            "retry_s": 0.0,
            "retry_chars": 0,
        }
        for w in WAYS
    }
    n_answerable = n_unanswerable = 0
    with tempfile.TemporaryDirectory(prefix="bench-focus-") as tmp:
        base = get_settings()
        settings = base.model_copy(update={"data_dir": Path(tmp), "model_dir": base.models_path})
        container = Container(settings)
        try:
            for a in articles:
                container.articles.ingest([ArticleIn.model_validate(a)])
            asker = container.asker
            first_chain, again_chain = asker.chain, asker.again
            remembered: dict[str, Any] = {}

            def first_once(inputs: dict[str, str]) -> Any:
                key = json.dumps(inputs, sort_keys=True)
                if key not in remembered:
                    remembered[key] = first_chain.invoke(inputs)
                return remembered[key]

            asker.chain = RunnableLambda(first_once)
            way_now = [""]

            def timed_again(inputs: dict[str, str]) -> Any:
                start = time.perf_counter()
                out = again_chain.invoke(inputs)
                t = tally[way_now[0]]
                t["retries"] += 1
                t["retry_s"] += time.perf_counter() - start
                t["retry_chars"] += len(inputs["passages"])
                return out

            asker.again = RunnableLambda(timed_again)
            asked: list[tuple[str, str | None, list[str]]] = []
            for g in gold:
                asked += [(q["q"], q["a"], q.get("answer_aliases", [])) for q in g["questions"]]
                asked += [(q, None, []) for q in g["unanswerable"]]
            for question, answer, aliases in asked:
                n_answerable += answer is not None
                n_unanswerable += answer is None
                got = []
                for way, focus in WAYS.items():
                    asker.focus_retry, way_now[0] = focus, way
                    out = asker.ask(question)
                    t = tally[way]
                    if answer is None:
                        t["refused"] += out.abstained
                    elif out.abstained:
                        t["false_abst"] += 1
                    elif answer_matches(out.answer, answer, aliases):
                        t["right"] += 1
                    else:
                        t["wrong"] += 1
                    got.append(out.answer)
                mark = "same" if got[0] == got[1] else "DIFF"
                print(f"{mark} {question} [{answer}] -> {' | '.join(got)}", flush=True)
        finally:
            container.close()
    for t in tally.values():
        for key in ("right", "wrong", "false_abst"):
            t[key] = round(t[key] / max(n_answerable, 1), 3)
        t["refused"] = round(t["refused"] / max(n_unanswerable, 1), 3)
        t["retry_s"] = round(t["retry_s"] / max(t["retries"], 1), 2)
        t["retry_chars"] = round(t["retry_chars"] / max(t["retries"], 1))
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folders", nargs="+", type=Path)
    args = parser.parse_args()
    print(cpu_line())
    results = {}
    for folder in args.folders:
        results[folder.name] = run_folder(folder)
        for way, t in results[folder.name].items():
            print(f"{folder.name:8} {way:20} {json.dumps(t)}", flush=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
