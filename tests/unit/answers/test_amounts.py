"""The one amount of money that settles a "what did it cost / was it worth" question the model
would not answer (service/answers/amounts.py)."""

from __future__ import annotations

from langchain_core.documents import Document

from service.answers.amounts import sole_amount

TRANSFER = [
    Document(
        page_content=(
            "Striker Kieran Holt's proposed pounds 500,000 move from Dunmore to Swansea collapsed on "
            "Friday. Dunmore said talks had ended."
        ),
        metadata={"title": "Holt move collapses", "published_at": "2005-01-14"},
    ),
    Document(
        page_content="Last season Dunmore paid pounds 2m for a new stand and pounds 300,000 for its pitch.",
        metadata={"title": "Dunmore accounts", "published_at": "2005-01-10"},
    ),
]


def test_the_one_amount_of_the_sentence_that_speaks_of_the_question() -> None:
    question = "How much was Kieran Holt's proposed move to Swansea worth?"
    assert sole_amount(question, TRANSFER) == "pounds 500,000 [1]."


def test_two_amounts_in_the_sentence_leave_the_abstention() -> None:
    # The accounts' sentence speaks of it fully (support 1.0) but holds two amounts: a stand and a
    # pitch. Which one answers is for the model, not a rule.
    assert sole_amount("How much did Dunmore pay last season for its stand and pitch?", TRANSFER) is None


def test_the_sentence_must_hold_all_the_question_asks_but_the_money() -> None:
    budget = [
        Document(
            page_content=(
                "The Kelvanshire Assembly has passed a pounds 4.6bn budget for the coming year that "
                "raises spending on health by 5.8%."
            ),
            metadata={"title": "Budget passed"},
        )
    ]
    # Most of the question's words stand in the sentence (support 0.75), but not "museums".
    assert sole_amount("How much will Kelvanshire spend on museums in the coming year?", budget) is None
    assert sole_amount("What is the Kelvanshire budget for the coming year?", budget) == "pounds 4.6bn [1]."


def test_only_questions_about_money() -> None:
    # "How much did sales rise?" wants a rise, which may be a percentage: not this rule's to answer.
    assert sole_amount("How much did Holt's move to Swansea rise?", TRANSFER) is None


def test_a_sentence_about_something_else_answers_nothing() -> None:
    # No sentence speaks of a goalkeeper's fee fully enough (0.5 at best, under the 0.7 gate).
    assert sole_amount("How much did Swansea pay for their new goalkeeper?", TRANSFER) is None


def test_another_time_answers_nothing() -> None:
    # The sentence speaks of all else the question asks (support 0.78) but not of 2003: the amount
    # may be another period's.
    question = "How much was striker Kieran Holt's proposed move from Dunmore to Swansea worth in 2003?"
    assert sole_amount(question, TRANSFER) is None


def test_a_price_per_share_is_not_what_a_company_costs() -> None:
    bid = [
        Document(
            page_content="Paravel has agreed to pay euros 6.20 a share in cash for Ondine Air.",
            metadata={"title": "Paravel buys Ondine Air"},
        )
    ]
    assert sole_amount("How much has Paravel agreed to pay for Ondine Air?", bid) is None
    # asked per share, the price per share answers
    assert sole_amount("How much has Paravel agreed to pay a share for Ondine Air?", bid) == "euros 6.20 [1]."
