from langchain_core.documents import Document

from service.answers.checks import off_the_question
from service.answers.citations import unbracketed
from service.answers.scores import asks_score, scores_in, sole_score

FRIENDLY = [
    Document(
        page_content=(
            "Spain coach Luis Aragones faces a fine. Spain won the friendly against England 1-0 in "
            "Madrid on Wednesday. The match was marred by racist chanting."
        ),
        metadata={"title": "Aragones faces fine", "article_id": "a1"},
    )
]


def test_a_score_question_wants_a_pair() -> None:
    assert asks_score("What was the score of Spain's friendly against England?")
    assert asks_score("What was the half-time score between Tarnbridge Saints and Hollowell Rovers?")
    assert not asks_score("Who scored Ravensholt's first goal?")
    assert not asks_score("How many goals did Dale Norwood score last season?")
    question = "What was the score of Spain's friendly against England?"
    assert off_the_question(question, "1 [1]")
    assert not off_the_question(question, "Spain won 1-0 [1].")


def test_pairs_are_scores_and_spans_are_not() -> None:
    assert scores_in("won 6-4 3-6 7-5") == ["6-4", "3-6", "7-5"]
    assert scores_in("by 301 votes to 289") == ["301 votes to 289"]
    assert scores_in("a 13-month ban and a 3-day session") == []


def test_the_one_score_of_the_sentence_answers() -> None:
    assert sole_score("What was the score of Spain's friendly against England?", FRIENDLY) == "1-0 [1]."
    assert sole_score("Who won Spain's friendly against England?", FRIENDLY) is None
    two = [
        Document(
            page_content="Saints beat Rovers 27-19 after leading 17-6.", metadata={"title": "Saints win"}
        )
    ]
    assert sole_score("What was the score when Saints beat Rovers?", two) is None


def test_a_bracketed_number_naming_no_passage_is_the_answer() -> None:
    assert unbracketed("[58]", 2) == "58"
    assert unbracketed("[1]", 2) == "[1]"  # a marker of a passage: no answer, left to the checks
    assert unbracketed("In the 58th minute [1].", 2) == "In the 58th minute [1]."


def test_the_result_of_a_vote_is_a_tally() -> None:
    question = "What was the result of the Orrin council vote on closing the pools?"
    assert asks_score(question)
    assert not asks_score("What was the result of the inquiry into the pools?")
    assert off_the_question(question, "Orrin council voted to close two of its pools. [1]")
    docs = [
        Document(
            page_content="Orrin council will close two of its three pools. Councillors voted by 27 to 19 on "
            "Tuesday to shut the Dale Road and Mercy Lane pools.",
            metadata={"title": "Orrin votes to close two pools", "article_id": "a2"},
        )
    ]
    assert sole_score(question, docs) == "27 to 19 [1]."
