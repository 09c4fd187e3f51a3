"""The condense chain's helpers: the history it reads and the rewrite it keeps."""

from __future__ import annotations

from service.chat.condense import clean_rewrite, format_history, stands_alone


def test_condense_helpers() -> None:
    history = format_history([("user", "How many were freed?"), ("assistant", "84 women [1].")])
    assert history == "User: How many were freed?\nAssistant: 84 women."
    assert clean_rewrite("Rewritten: How many of the 84 women were minors?\nextra", "x") == (
        "How many of the 84 women were minors?"
    )
    assert clean_rewrite("   ", "And them?") == "And them?"


def test_a_rewrite_that_answers_instead_falls_back() -> None:
    # The follow-up was a question; the small model answered it from the history instead.
    answered = "Analysts predicted 20 million households would have the sets by 2008."
    fallback = "How many households will have the sets by 2008? And what did analysts predict?"
    assert clean_rewrite(answered, fallback, asked="And what did analysts predict?") == fallback
    assert clean_rewrite("What did analysts predict for 2008?", fallback, asked="And what?") == (
        "What did analysts predict for 2008?"
    )


def test_only_a_follow_up_that_names_its_subject_and_points_back_at_nothing_stands_alone() -> None:
    assert stands_alone("Who leads the Peruvian police?")
    assert stands_alone("How many arrests were made in 2023?")
    for leaning in (
        "And how many of them were minors?",  # continues, points back
        "How many were minors?",  # names nothing: which operation?
        "Who manages that club?",
        "What did Tren de Aragua do before?",
        "What about Peru?",
    ):
        assert not stands_alone(leaning), leaning
