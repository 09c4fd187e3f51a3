"""A follow-up reads the conversation's article alone when that article can answer it
(service/answers/following.py). Texts invented for the project."""

from __future__ import annotations

from langchain_core.documents import Document

from service.answers.following import FROM_PREVIOUS, following_passages, stays_with


def _doc(doc_id: str, title: str, text: str) -> Document:
    return Document(
        page_content=text, id=doc_id, metadata={"article_id": doc_id.split(":")[0], "title": title}
    )


PREVIOUS = [
    _doc(
        "derby:0",
        "Tarrow coach faces inquiry",
        "Fans chanted before Tarrow's friendly against Oswin in Kellport.",
    ),
    _doc("derby:1", "Tarrow coach faces inquiry", "Tarrow won the game 1-0."),
]
ELSEWHERE = [
    _doc("cup:0", "Cup final report", "The match between Tarrow and Oswin was played at the Delling Cup.")
]


def test_a_follow_up_about_the_same_story_reads_only_its_article() -> None:
    question = "Where was the match between Tarrow and Oswin played?"
    assert stays_with(question, PREVIOUS)
    assert following_passages(question, PREVIOUS, ELSEWHERE, 4, frozenset()) == PREVIOUS


def test_a_follow_up_that_names_something_else_searches_the_collection() -> None:
    question = "Who won the Delling Cup?"  # "Delling" is not in the conversation's article
    assert not stays_with(question, PREVIOUS)
    mixed = following_passages(question, PREVIOUS, ELSEWHERE, 4, frozenset())
    assert mixed == PREVIOUS[:FROM_PREVIOUS] + ELSEWHERE
    assert not stays_with("Where was it played?", PREVIOUS)  # no name to hold it to the article
