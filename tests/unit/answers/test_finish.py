"""The ask service's last step: an amount put in place of a refused answer faces the same checks."""

from __future__ import annotations

from typing import Any

from langchain_core.documents import Document

from service.answers import AskService, Reply
from service.text.nlp import NewsNlp

FINES = [
    Document(
        page_content="In 2019 a smaller supplier, Brantwood Energy, was fined pounds 900,000 for mis-selling.",
        metadata={"article_id": "fines", "title": "Harlow Power faces regulator"},
    )
]


class _Registry:
    def get(self, article_id: str) -> Any:
        return None  # no article: no citation, and no name read from it


def _service(nlp: NewsNlp) -> AskService:
    none: Any = None
    return AskService(registry=_Registry(), retriever=none, embeddings=none, chain=none, again=none, nlp=nlp)


def test_the_one_amount_put_in_place_of_a_refused_answer_is_checked_too(nlp: NewsNlp) -> None:
    # The model's amount is another supplier's fine (actors.py); the sentence's one amount, which
    # amounts.py would answer with, is the same fine: the abstention stands.
    question = "How much was Harlow Power fined in 2019?"
    answer = _service(nlp).finish(question, Reply("Harlow Power was fined pounds 900,000. [1]"), FINES)
    assert answer.abstained
