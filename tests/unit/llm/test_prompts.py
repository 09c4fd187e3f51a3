"""The prompt files as the chains render them."""

from __future__ import annotations

from service.answers.chain import ABSTENTION, answer_inputs
from service.llm.prompts import load_prompt


def _system(name: str) -> str:
    return str(load_prompt(name).format_messages(passages="[1] (T) x", question="q?")[0].content)


def test_the_retry_reads_the_answer_prompts_rules_first_so_llama_cpp_keeps_them_warm() -> None:
    # llama.cpp keeps one prompt's state per process and reuses the longest shared prefix: with
    # the same opening rules the retry re-reads only its last rule, and the next question only
    # the answer prompt's last rule, instead of each other's whole system text.
    answer, retry = _system("ask"), _system("ask_again")
    rules = answer.rsplit("\n", 1)[0]
    assert retry.startswith(rules)
    assert len(rules) > 0.8 * len(answer)
    # ...and only the answer prompt's last rule, the way out, is not the retry's.
    way_out = answer.rsplit("\n", 1)[1]
    assert ABSTENTION in way_out
    assert way_out not in retry


def test_both_prompts_take_the_same_inputs() -> None:
    inputs = answer_inputs("How many?", [])
    for name in ("ask", "ask_again"):
        user = load_prompt(name).format_messages(**inputs)[1].content
        assert str(user).endswith("Question: How many?")
