"""An answer that rests only on articles never naming something the question names ("Storm Ardel"
asked, the article on Storm Bracken read) is refused; a name met in the article, by its stem or an
acronym by its initials, keeps it."""

from __future__ import annotations

from langchain_core.documents import Document

from service.answers.subjects import initials, unnamed_by_articles

ARTICLES = {
    "bracken": "Storm Bracken batters the coast\nStorm Bracken brought winds of 90mph on Monday. "
    "More than 60 schools were closed and 12,000 homes lost power.",
    "ardel": "Storm Ardel floods Kelby three weeks after Bracken\nStorm Ardel flooded 140 homes in "
    "Kelby. The Maritime Rescue Agency said its crews had saved four people.",
}


def _passage(article_id: str, text: str) -> Document:
    return Document(page_content=text, metadata={"article_id": article_id, "title": article_id})


def _text(article_id: str) -> str:
    return ARTICLES.get(article_id, "")


BRACKEN = [_passage("bracken", "More than 60 schools were closed and 12,000 homes lost power.")]
ARDEL = [_passage("ardel", "The Maritime Rescue Agency said its crews had saved four people.")]


def test_an_answer_from_an_article_that_never_names_the_subject_is_refused() -> None:
    question = "How many schools closed during Storm Ardel?"
    assert unnamed_by_articles(question, "More than 60 schools [1]", BRACKEN, _text)


def test_a_name_the_article_holds_elsewhere_keeps_the_answer() -> None:
    # The passage names no storm; its article does, in the title and the first sentence.
    assert not unnamed_by_articles(
        "How many schools closed during Storm Bracken?", "More than 60 schools [1]", BRACKEN, _text
    )


def test_an_acronym_is_met_by_the_initials_of_the_name() -> None:
    assert initials("The Maritime Rescue Agency said") == {"tmra"}
    question = "How many people did the MRA save during Storm Ardel?"
    assert not unnamed_by_articles(question, "four people [1]", ARDEL, _text)
    assert unnamed_by_articles("How many people did the RNLI save in Kelby?", "four [1]", ARDEL, _text)


def test_questions_without_names_and_unanchored_answers_are_not_read() -> None:
    assert not unnamed_by_articles("How many schools closed?", "More than 60 schools [1]", BRACKEN, _text)
    question = "How many schools closed during Storm Ardel?"
    assert not unnamed_by_articles(question, "Nine hundred [1]", BRACKEN, _text)
