"""Is the gold answer in what the model reads? For each gold question of one or more sets, the ask
service's own retrieval and tight context (service/answers/context.py) are run, and the question
counts as found when its answer (or an alias) stands in the passages the model would be given. No
model is loaded: this isolates retrieval and sentence selection from what the model makes of them.

    .venv/bin/python bench/context_recall.py tests/data/tune tests/data/eval tests/data/heldout
    .venv/bin/python bench/context_recall.py ../shared/data/dev --misses"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from common import print_cpu_line
from support_gate import own_set


def kind(question: str) -> str:
    """The question's opening ("how many", "who", ...), to read the figure by kind."""
    words = question.lower().split()
    return " ".join(words[:2]) if words[0] == "how" else words[0]


def main() -> None:
    from index.clean import fold

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", type=Path, nargs="+", help="gold folders (articles.jsonl, gold.jsonl)")
    parser.add_argument("--misses", action="store_true", help="print each question not found")
    args = parser.parse_args()
    print_cpu_line()
    for folder in args.sets:
        gold = [json.loads(x) for x in (folder / "gold.jsonl").read_text().splitlines() if x.strip()]
        found, by_kind, misses = 0, {}, []
        with own_set(with_llm=False, folder=folder) as (container, _):
            for g in gold:
                for q in g["questions"]:
                    docs = container.asker.retrieve(q["q"], None, None)
                    text = fold(" ".join(d.page_content for d in docs))
                    ok = any(fold(a) in text for a in [q["a"], *q.get("answer_aliases", [])])
                    tally = by_kind.setdefault(kind(q["q"]), [0, 0])
                    tally[0] += ok
                    tally[1] += 1
                    found += ok
                    if not ok:
                        misses.append(f"{q['q']} => {q['a']}")
        total = sum(n for _, n in by_kind.values())
        kinds = {k: f"{v[0]}/{v[1]}" for k, v in sorted(by_kind.items()) if v[1] >= 3}
        print(json.dumps({"set": folder.name, "found": found, "questions": total, "by_kind": kinds}))
        for miss in misses if args.misses else []:
            print("   not found:", miss)


if __name__ == "__main__":
    main()
