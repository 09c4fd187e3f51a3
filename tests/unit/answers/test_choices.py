"""Reading a choice between two named things (service/answers/choices.py): the options, the way the
comparison points, and the question asked of each option. Questions invented for the project."""

from __future__ import annotations

import pytest

from service.answers.choices import parse_choice
from service.text.nlp import NewsNlp


def test_more_of_a_countable_thing_asks_how_many_of_each(nlp: NewsNlp) -> None:
    choice = parse_choice(nlp, "Which company is cutting more jobs, Pellow Dairies or Marston Freight?")
    assert choice is not None
    assert choice.options == ("Pellow Dairies", "Marston Freight")
    assert choice.by == "figure" and choice.larger
    assert choice.asks == (
        "Pellow Dairies is cutting how many jobs?",
        "Marston Freight is cutting how many jobs?",
    )


def test_fewer_picks_the_smaller_figure(nlp: NewsNlp) -> None:
    choice = parse_choice(nlp, "Which company employs fewer people, Pellow Dairies or Marston Freight?")
    assert choice is not None and not choice.larger
    assert choice.asks[0] == "Pellow Dairies employs how many people?"


def test_more_with_no_noun_asks_how_much(nlp: NewsNlp) -> None:
    choice = parse_choice(nlp, "Which firm was fined more, Oakhurst Scaffolds or Brede Plastics?")
    assert choice is not None and choice.larger
    assert choice.asks == ("Oakhurst Scaffolds was fined how much?", "Brede Plastics was fined how much?")


def test_an_adjective_asks_how_big_the_thing_was(nlp: NewsNlp) -> None:
    choice = parse_choice(
        nlp, "Which storm brought the stronger gusts to Tern Head, Storm Ailsa or Storm Brin?"
    )
    assert choice is not None and choice.larger
    assert choice.asks[1] == "How strong were the gusts that Storm Brin brought to Tern Head?"
    smaller = parse_choice(nlp, "Which bridge is shorter, the Calder Bridge or the Wick Bridge?")
    assert smaller is not None and not smaller.larger
    assert smaller.asks == ("How short is the Calder Bridge?", "How short is the Wick Bridge?")


def test_first_or_later_with_a_reporting_verb_goes_by_date(nlp: NewsNlp) -> None:
    first = parse_choice(
        nlp, "Which company announced its job cuts first, Pellow Dairies or Marston Freight?"
    )
    assert first is not None and first.by == "date" and not first.larger
    assert first.asks[0] == "Pellow Dairies announced its job cuts"
    later = parse_choice(nlp, "Which was reported later, the Tarn flood or the Oxley fire?")
    assert later is not None and later.by == "date" and later.larger


@pytest.mark.parametrize(
    "question",
    [
        "How many jobs is Pellow Dairies cutting?",  # no choice
        "Which team won, Dunmore or Swansea?",  # a choice, but by no figure or date
        "Which side played better, Dunmore or Swansea?",  # better is not a figure
        "Which company is cutting more jobs, Pellow Dairies or pellow dairies?",  # one option twice
        "Which runner finished first, Ada Kell or Mo Brant?",  # "first" without a report: a rank
        "Which firm, Pellow or Marston, cut more jobs?",  # options not at the end: not read
    ],
)
def test_other_questions_are_not_choices(nlp: NewsNlp, question: str) -> None:
    assert parse_choice(nlp, question) is None
