"""The times a question or a sentence names, compared as written."""

from __future__ import annotations

from service.text.times import named_times


def test_months_years_and_relative_periods() -> None:
    assert named_times("How many in November 2010?") == {"november", "2010"}
    assert named_times("Figures for LAST YEAR and this season") == {"last year", "this season"}
    assert named_times("It was founded in 1889.") == {"1889"}


def test_may_is_a_month_only_when_capitalised() -> None:
    assert named_times("How many jobs may go?") == set()
    assert named_times("The vote is in May.") == {"may"}


def test_numbers_that_are_not_years() -> None:
    assert named_times("2,918 burglaries, 12 months, 300 officers, 20100 fans") == set()


def test_years_meant_by_relative_years_need_a_publication_date() -> None:
    from service.text.times import years_meant

    assert years_meant("Of last year's applicants, 2,990 were children.", "2005-01-20") == "2004"
    assert years_meant("This year and next year", "2005-01-20T09:00:00Z") == "2005 2006"
    assert years_meant("Of last year's applicants", None) == ""  # the shared sets carry no dates
    assert years_meant("In 2003 it rose.", "2005-01-20") == ""


def test_published_words_write_the_date_as_an_article_would() -> None:
    from service.text.times import published_words

    assert published_words("2024-11-19") == "19 November 2024"
    assert published_words("2024-11-19T10:00:00Z") == "19 November 2024"
    assert published_words(None) == "" and published_words("someday") == ""
