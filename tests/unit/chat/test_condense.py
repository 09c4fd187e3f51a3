"""The condense chain's helpers: the history it reads and the rewrite it keeps."""

from __future__ import annotations

from service.chat.condense import clean_rewrite, format_history


def test_condense_helpers() -> None:
    history = format_history([("user", "How many were freed?"), ("assistant", "84 women [1].")])
    assert history == "User: How many were freed?\nAssistant: 84 women."
    assert clean_rewrite("Rewritten: How many of the 84 women were minors?\nextra", "x") == (
        "How many of the 84 women were minors?"
    )
    assert clean_rewrite("   ", "And them?") == "And them?"
