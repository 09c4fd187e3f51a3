"""How much context to send the model: time to first token and answer quality per context budget.

For each budget (`ask_context_chars`: the retrieved chunks cut to their best sentences, that many
characters in all; 0 = whole chunks, the old behaviour) every gold question (dev + seed) and every
unanswerable dev question is asked through ChatService.stream (/ask's path) on one container with
the embedded model. Printed per budget: TTFT mean and p95, prompt tokens (the model's tokenizer),
answers holding the gold answer, unanswerables abstained on, answerables wrongly abstained on.
Each budget's questions run together, so llama.cpp's reuse of the shared system-prompt prefix
counts alike for every budget; the first question of each budget warms that prefix and is not timed.
`--by-path` also prints TTFT per path a question took: streamed, asked again after an abstention
(two model calls), an abstention not asked again (no answer could clear the gate), a count the
passages settle (no model), a count checked whole, no model at all (no passage speaks of it).

    .venv/bin/python bench/ask_context.py --budgets 0 1500 900 600 [--limit 12] [--by-path]"""

from __future__ import annotations

import argparse
import json
import statistics
from collections.abc import Iterator
from typing import Any

from answers import count_tokens, llm_setup, stream_timed
from common import SHARED, gold_questions, percentile


def unanswerable() -> list[str]:
    rows = [json.loads(x) for x in (SHARED / "dev" / "gold.jsonl").read_text().splitlines() if x.strip()]
    return [q for row in rows for q in row.get("unanswerable", [])]


def run_budget(
    container: Any, budget: int, questions: list[dict[str, Any]], nots: list[str]
) -> dict[str, Any]:
    from service.answers.chain import ABSTENTION, format_passages
    from service.api.schemas import ChatMessage
    from service.chat import ChatResult
    from service.evaluation import answer_matches
    from service.llm.prompts import load_prompt

    container.asker.context_chars = budget
    base_url = container.provider.base_url
    asker = container.asker
    replies: list[Any] = []
    again_if_abstained = type(asker).again_if_abstained

    def spy(
        question: str, raw: str, docs: Any, widened: bool = False, **more: Any
    ) -> Any:  # asked again or not
        reply = again_if_abstained(asker, question, raw, docs, widened, **more)
        replies.append(reply)
        return reply

    object.__setattr__(asker, "again_if_abstained", spy)
    paths: dict[str, list[float]] = {}

    def ask(question: str) -> tuple[float, str, bool, int]:
        results: list[ChatResult] = []

        def pieces() -> Iterator[str]:  # times the live stream; keeps the final ChatResult aside
            for piece in container.chat.stream([ChatMessage(role="user", content=question)]):
                if isinstance(piece, ChatResult):
                    results.append(piece)
                else:
                    yield piece

        replies.clear()
        ttft, _, text = stream_timed(pieces())
        result = results[0]
        docs = container.asker.retrieve(question, None, None)
        paths.setdefault(path_of(asker, question, docs, replies), []).append(ttft)
        prompt = load_prompt("ask").format_messages(passages=format_passages(docs), question=question)
        return ttft, text, result.out.abstained, count_tokens(base_url, *[str(m.content) for m in prompt])

    ask(questions[0]["q"])  # warms the shared prefix; untimed
    paths.clear()
    ttfts, tokens, right, false_abst, abst = [], [], [], [], []
    for q in questions:
        ttft, text, abstained, n = ask(q["q"])
        ttfts.append(ttft)
        tokens.append(n)
        right.append(not abstained and answer_matches(text, q["answers"][0], q["answers"][1:]))
        false_abst.append(abstained)
    for question in nots:
        ttft, text, abstained, n = ask(question)
        ttfts.append(ttft)
        tokens.append(n)
        abst.append(abstained or text.strip() == ABSTENTION)
    return {
        "budget_chars": budget,
        "ttft_mean_s": round(statistics.mean(ttfts), 2),
        "ttft_p95_s": round(percentile(ttfts, 95), 2),
        "prompt_tokens": round(statistics.mean(tokens), 1),
        "qa_accuracy": round(statistics.mean(right), 3),
        "false_abstention": round(statistics.mean(false_abst), 3),
        "abstention": round(statistics.mean(abst), 3) if abst else None,
        "questions": len(questions),
        "unanswerable": len(nots),
        "by_path": {p: {"n": len(t), "ttft_mean_s": round(statistics.mean(t), 2)} for p, t in paths.items()},
    }


def path_of(asker: Any, question: str, docs: Any, replies: list[Any]) -> str:
    """Which way a question went through ChatService.stream (the steps are deterministic, so they
    are re-read here; `replies` holds what again_if_abstained returned, if it was called)."""
    from service.answers.counts import sole_count

    if asker.out_of_reach(question, docs):  # then the wider cut, if any sentence of it could answer
        wide = asker.widen(question, docs)
        return "no model: out of reach" if asker.out_of_reach(question, wide) else "wider cut, checked whole"
    if asker.recounts(question, docs):
        return "count, no model" if sole_count(asker.nlp, question, docs) else "count, checked whole"
    if not replies:  # ChatService.stream calls again_if_abstained only after an abstention
        return "streamed"
    return "abstained, not asked again" if replies[0].hopeless else "asked again"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--budgets", type=int, nargs="+", default=[0, 900, 600])
    parser.add_argument("--limit", type=int, default=None, help="only the first N questions of each kind")
    parser.add_argument("--by-path", action="store_true", help="TTFT per path a question took")
    args = parser.parse_args()
    questions = gold_questions()[: args.limit]
    nots = unanswerable()[: args.limit]
    results = []
    with llm_setup() as (container, _baseline):
        for budget in args.budgets:
            figures = run_budget(container, budget, questions, nots)
            results.append(figures)
            print(json.dumps(figures), flush=True)
    print(
        f"\n{'budget':>7} {'TTFT s':>7} {'p95 s':>6} {'tokens':>7} {'qa':>6} {'false_abst':>10} {'abst':>6}"
    )
    for r in results:
        print(
            f"{r['budget_chars']:>7} {r['ttft_mean_s']:>7} {r['ttft_p95_s']:>6} {r['prompt_tokens']:>7} "
            f"{r['qa_accuracy']:>6} {r['false_abstention']:>10} {r['abstention']!s:>6}"
        )
        if args.by_path:
            for path, figures in sorted(r["by_path"].items()):
                print(f"{'':>7} {figures['ttft_mean_s']:>7} {figures['n']:>4}x  {path}")


if __name__ == "__main__":
    from common import print_cpu_line

    print_cpu_line()  # which fast paths these figures ran on
    main()
