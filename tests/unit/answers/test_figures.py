"""Amounts of money in an answer are put back as the passages write them, and only then."""

from __future__ import annotations

from langchain_core.documents import Document

from service.answers.figures import as_written

DOCS = [
    Document(
        page_content="Tolvern said it had received a ransom demand of dollars 2.5m. It paid $300,000 to "
        "advisers last year, and its owner is worth $4bn."
    ),
    Document(page_content="The council's pounds 1.4m grant and a second grant of £1.4m were approved."),
]


def test_an_amount_rewritten_by_the_model_is_put_back_as_written() -> None:
    assert as_written("They demanded dollars 2.5 million [1].", DOCS) == "They demanded dollars 2.5m [1]."
    assert as_written("It paid dollars 300,000 [1]", DOCS) == "It paid $300,000 [1]"


def test_another_scale_or_a_value_in_two_currencies_is_left_alone() -> None:
    assert as_written("It is worth dollars 4 million [1]", DOCS) == "It is worth dollars 4 million [1]"
    two = [Document(page_content="Fees were pounds 500 in Orrin and $500 in Halden.")]
    assert as_written("They were pounds 500 [1]", two) == "They were pounds 500 [1]"


def test_an_amount_the_passages_write_two_ways_and_counts_are_left_alone() -> None:
    assert as_written("a grant of pounds 1.4 million [2]", DOCS) == "a grant of pounds 1.4 million [2]"
    assert as_written("84 women and 23 men [1]", DOCS) == "84 women and 23 men [1]"


def test_an_amount_put_in_another_currency_is_put_back_in_the_articles() -> None:
    docs = [Document(page_content="Runners raised an estimated pounds 3.2m for charity.")]
    assert as_written("$3.2 million [1]", docs) == "pounds 3.2m [1]"
    assert as_written("$3.2bn [1]", docs) == "$3.2bn [1]"  # another value: the checks refuse it


def test_a_unit_spelled_the_american_way_is_put_back_as_the_article_spells_it() -> None:
    docs = [Document(page_content="A roofer fell 9 metres; the tank held 40 litres over 3 kilometres.")]
    assert as_written("He fell 9 meters [1]", docs) == "He fell 9 metres [1]"
    assert as_written("40 liters, 3 kilometers", docs) == "40 litres, 3 kilometres"
    american = [Document(page_content="He fell 9 meters.")]
    assert as_written("He fell 9 meters [1]", american) == "He fell 9 meters [1]"
