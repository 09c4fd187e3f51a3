"""service/summaries/people.py: people the parse's entities miss or mislabel. The sentences are the
project's own, written like the held-out articles where spaCy tagged no person."""

from __future__ import annotations

from service.summaries.facts import read_facts
from service.summaries.people import has_age_after
from service.text.nlp import NewsNlp

STORY = (
    "Gannet Buses will cut the number 7 service to two days a week from March. "
    "Edna Tuckwell, 81, of Crayle Green, said she relied on the bus to reach her doctor. "
    "Mairead Quinlan, a regional organiser for the transport workers' union, said drivers were angry. "
    "Three men were charged: Aaron Stobbart, 24, Ross Hennity, 42, of Pellingham, and a driver. "
    "Classbridge said it had written to every school. The council met in Crayle Green on Monday."
)


def _kinds(nlp: NewsNlp) -> dict[str, str]:
    return {n.name: n.kind for n in read_facts(nlp.parse(STORY), STORY).names}


def test_an_untagged_speaker_named_in_full_is_a_person(nlp: NewsNlp) -> None:
    kinds = _kinds(nlp)
    assert kinds.get("Edna Tuckwell") == "person"
    assert kinds.get("Mairead Quinlan") == "person"


def test_a_name_with_an_age_after_it_is_a_person_whatever_its_label(nlp: NewsNlp) -> None:
    assert _kinds(nlp).get("Ross Hennity") == "person"
    assert has_age_after("Ross Hennity, 42, of Pellingham", len("Ross Hennity"))
    assert not has_age_after("Crayle Green, 2024, was quiet", len("Crayle Green"))


def test_a_place_where_something_happens_stays_a_place(nlp: NewsNlp) -> None:
    assert _kinds(nlp).get("Crayle Green") == "place"
