"""The answer chains' prompts: the retry after an abstention goes on from the first call's prompt,
so llama.cpp, which keeps the KV state of the last prompt it evaluated, reuses all of it."""

from __future__ import annotations

from langchain_core.documents import Document

from service.answers.chain import ABSTENTION, answer_inputs
from service.llm.prompts import load_prompt, load_retry

DOCS = [Document(page_content="The bridge carries 40,000 cars a day.", metadata={"title": "Bridge"})]


def test_the_retry_prompt_starts_with_the_first_prompt_and_the_abstention() -> None:
    inputs = answer_inputs("How many cars cross the bridge?", DOCS)
    first = load_prompt("ask").format_messages(**inputs)
    retry = load_retry("ask_again", "ask", ABSTENTION).format_messages(**inputs)
    assert retry[: len(first)] == first
    assert (retry[len(first)].type, retry[len(first)].content) == ("ai", ABSTENTION)
    assert retry[-1].type == "human" and "once more" in str(retry[-1].content)
    assert len(retry) == len(first) + 2


def test_braces_in_the_retry_turn_are_text_not_variables() -> None:
    retry = load_retry("ask_again", "ask", "Say {nothing}.")
    assert set(retry.input_variables) == {"passages", "question"}
