from __future__ import annotations

from langchain_core.documents import Document

from service.answers import AskService

DOCS = [
    Document(
        page_content="The results were staggering: 84 women were freed. Police arrested 23 people.",
        metadata={},
    )
]


def test_grounded_answer_is_kept() -> None:
    assert not AskService.abstains("How many women were freed?", "84 women were freed [1].", DOCS)


def test_abstention_sentence_and_paraphrases_abstain() -> None:
    assert AskService.abstains("When?", "The articles do not say.", DOCS)
    assert AskService.abstains("When?", "The date is not mentioned in the passages.", DOCS)


def test_number_from_memory_abstains() -> None:
    assert AskService.abstains("How many women were freed?", "About 120 women were freed [1].", DOCS)


def test_answer_that_only_restates_the_question_abstains() -> None:
    assert AskService.abstains(
        "On what date did the operation take place?", "The operation took place on [1].", DOCS
    )


def test_markers_are_read_in_order_and_bounded() -> None:
    assert AskService._markers("A [2], B [1][2], C [9].", 3) == [2, 1]
