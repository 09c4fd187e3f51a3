from __future__ import annotations

import pytest

from service.text.names import find_names
from service.text.numbers import count_in_quote, find_mentions, is_count_like, values


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("84", {84}),
        ("eighty-four", {84}),
        ("more than 300", {300}),
        ("12,500", {12500}),
        ("pounds 3.5bn", {3.5}),
        ("6-6.5%", {6, 6.5}),
        ("a dozen", {12}),
        ("three", {3}),
        ("two hundred", {200}),
    ],
)
def test_values(text: str, expected: set[float]) -> None:
    assert values(text) == expected


def test_count_in_quote_accepts_words_and_digits_and_rejects_invented_numbers() -> None:
    quote = "The results: 84 women were freed, and twenty-three people were held."
    assert count_in_quote("84", quote)
    assert count_in_quote("eighty-four", quote)
    assert count_in_quote("23", quote)
    assert not count_in_quote("85", quote)
    assert not count_in_quote("many", quote)


def test_mentions_keep_qualifiers_and_currency_and_skip_years_and_conversions() -> None:
    text = (
        "Trade rose to dollars 186.3m (pounds 97m) in 2004. More than 300 officers and "
        "eighty-four women took part, up 6-6.5% on 3 March. One of them said so."
    )
    found = [m.text for m in find_mentions(text)]
    assert found == ["dollars 186.3m", "More than 300", "eighty-four", "6-6.5%"]
    for mention in find_mentions(text):
        assert text[mention.start : mention.end] == mention.text


def test_counts_are_not_people() -> None:
    assert is_count_like("84 women") and is_count_like("three minors")
    assert not is_count_like("Tren de Aragua") and not is_count_like("G8")


def test_names_are_capitalised_phrases_not_sentence_starters() -> None:
    text = "Calmer times came. Police in Lima said the Tren de Aragua gang and Mr Kamal Nath met in Lima."
    names = find_names(text)
    assert "Tren de Aragua" in names and "Lima" in names
    assert "Calmer" not in names


def test_mentions_leave_out_what_is_no_count() -> None:
    text = (
        "The plan runs until at least 2010 and he served from 1994-96. The vote is at about 1230 GMT, "
        "or 12:30. The Zeta ZX-300 phone and the Six Nations opener on BBC One drew a crowd. "
        "It was a two-way deal and a one-off fee of 400 yen (dollars 3.9; pounds 2.1). "
        "The minister's ninth budget, in its 20th year, costs 70p a day over a three-day visit. "
        "He was elected two years ago."
    )
    found = [m.text for m in find_mentions(text)]
    assert found == ["400 yen", "ninth", "20th", "70p", "three-day"]


def test_ordinals_and_pence_have_values() -> None:
    assert values("ninth") == {9} and values("20th") == {20} and values("70p") == {70}
    assert count_in_quote("ninth", "It was Mr Brown's ninth budget.")


def test_a_unit_written_onto_the_digits_is_part_of_the_mention() -> None:
    # "9.4km" was once read as "9": a number the article never states as such.
    text = "Winds of 94mph closed the 9.4km bridge; the hailstones weighed up to 0.2kg."
    assert [m.text for m in find_mentions(text)] == ["94mph", "9.4km", "up to 0.2kg"]


def test_days_of_a_list_and_moments_of_a_match_are_no_counts() -> None:
    text = (
        "Drivers walk out on 4, 5 and 11 March and the fair runs from 21 to 24 August. Ellis scored "
        "in the 12th minute and Webb in the 77th. It was his 15th goal; the mill dates from the 19th century."
    )
    assert [m.text for m in find_mentions(text)] == ["15th"]


def test_an_hour_in_words_is_no_count() -> None:
    text = (
        "The library fills up by four in the afternoon and stays open until ten. Water was back by six "
        "on Wednesday morning. Prices rose by nine. The vote was seven to four."
    )
    assert [m.text for m in find_mentions(text)] == ["nine", "seven", "four"]


def test_a_clock_time_in_digits_is_no_count() -> None:
    # "started at about 10.40pm" was read as a count, "about 10".
    text = "The fire started at about 10.40pm, the march at 7.30 p.m. and the vote at 10 am. 40 homes burned."
    assert [m.text for m in find_mentions(text)] == ["40"]
