"""In a sentence that gives one figure a year, the answer takes the figure of the year asked."""

from __future__ import annotations

from langchain_core.documents import Document

from service.answers.periods import REFUSED, bound_years, for_asked_year

SERIES = [
    Document(
        page_content="There were 9,120 claims in 2011, down from 10,400 in 2010 and a peak of 15,250 in 2007. "
        "The board said costs had risen to pounds 4.1m."
    )
]


def test_each_number_is_bound_to_the_year_written_after_it() -> None:
    sentence = "There were 9,120 claims in 2011, down from 10,400 in 2010 and a peak of 15,250 in 2007."
    assert bound_years(sentence) == {"9,120": "2011", "10,400": "2010", "15,250": "2007"}
    assert bound_years("Profit rose 12% to euros 40m, the firm said in 2019.") == {"40m": "2019"}


def test_another_years_figure_gives_way_to_the_asked_years() -> None:
    question = "How many claims were made in the peak year of 2007?"
    assert for_asked_year(question, "9,120 claims [1]", SERIES) == "15,250 claims [1]"
    assert for_asked_year(question, "15,250 [1]", SERIES) is None  # right: nothing to change


def test_a_year_the_sentence_gives_no_figure_for_is_refused() -> None:
    assert for_asked_year("How many claims were made in 2009?", "9,120 claims [1]", SERIES) == REFUSED


def test_questions_without_one_year_and_unbound_figures_are_left_alone() -> None:
    assert for_asked_year("How many claims were made?", "9,120 [1]", SERIES) is None
    assert for_asked_year("How much had costs risen to in 2011?", "pounds 4.1m [1]", SERIES) is None
