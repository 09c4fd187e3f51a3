"""The times a question or a sentence names, compared as written."""

from __future__ import annotations

from service.text.times import named_times, period_times, without_asked_years


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


def test_a_year_after_since_is_no_period_of_the_sentence() -> None:
    sentence = "The college has had losses since 2019 and recorded a deficit of 2.1m last year."
    assert period_times(sentence, "What deficit did the college record in 2019?") == {"last year"}
    # Asked since when, the year stands.
    assert "2019" in period_times(sentence, "How much has the college lost since 2019?")
    assert "2019" in period_times("It was founded in 2019.", "When was it founded?")


def test_the_questions_year_is_no_anchor_when_the_answer_has_a_figure_of_its_own() -> None:
    question = "What was Harlan Mills' profit in 2019?"
    assert without_asked_years(question, "Its profit in 2019 was 52m.").split() == [
        "Its",
        "profit",
        "in",
        "was",
        "52m.",
    ]
    assert without_asked_years(question, "In 2019.") == "In 2019."  # nothing else to rest on
    assert without_asked_years("What was the profit?", "52m in 2019") == "52m in 2019"
