"""The support score: how much of the question the sentence under an answer speaks of."""

from __future__ import annotations

import pytest
from langchain_core.documents import Document

from service.answers.support import _same_word, support

DOCS = [
    Document(
        page_content="If found guilty the manager could face a fine of about pounds 9,000. "
        "The club's proposed pounds 300,000 move for the winger collapsed.",
        metadata={"title": "Club news"},
    )
]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("fined", "fine", True),
        ("proposed", "proposal", True),
        ("nominated", "nomination", True),
        ("state", "statement", False),
        ("cases", "cash", False),
        ("pay", "paid", False),  # too short to tell by letters
    ],
)
def test_one_word_in_two_forms(a: str, b: str, same: bool) -> None:
    assert _same_word(a, b) is same


def test_a_question_in_other_forms_of_the_sentence_words_is_fully_supported() -> None:
    assert (
        support("How much could the manager be fined if found guilty?", "About pounds 9,000 [1].", DOCS)
        == 1.0
    )


def test_worth_is_the_question_form_not_its_subject() -> None:
    assert support("How much was the winger's proposed move worth?", "Pounds 300,000 [1].", DOCS) == 1.0


def test_a_sentence_about_something_else_supports_little() -> None:
    assert support("How much did the stadium roof cost?", "About pounds 9,000 [1].", DOCS) < 0.5
