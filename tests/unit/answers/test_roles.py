"""A "Who is the <role>?" answer names someone its passages name together with that role."""

from __future__ import annotations

import pytest
from langchain_core.documents import Document

from service.answers.roles import asked_role, holds_another_role

DOCS = [
    Document(
        page_content="Dara Quennell, 44, fell from a loading bay at the Halden works in 2023. "
        "Judge Morwenna Staines said the firm had ignored two warnings. "
        "Its managing director, Felix Ambrose, apologised to the family."
    )
]


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("Who was the judge in the Halden works case?", "judge"),
        ("Who is Halden's managing director?", "director"),
        ("Who is the St Helens coach?", "coach"),
        ("Who is leading the inquiry into the fall?", None),
        ("Who fell from the loading bay?", None),
        ("How many warnings did the firm ignore?", None),
    ],
)
def test_the_role_a_question_asks_about(question: str, role: str | None) -> None:
    assert asked_role(question) == role


def test_someone_of_the_passage_without_the_role_is_refused() -> None:
    asked = "Who was the judge in the Halden works case?"
    assert holds_another_role(asked, "The judge was Dara Quennell, 44. [1]", DOCS)
    assert not holds_another_role(asked, "Morwenna Staines [1]", DOCS)


def test_the_role_holder_is_kept_and_other_questions_are_not_read() -> None:
    assert not holds_another_role("Who is Halden's managing director?", "Felix Ambrose", DOCS)
    assert not holds_another_role("Who fell from the loading bay?", "Dara Quennell", DOCS)
