"""An answer resting on what another person did ("One client, Mabel Orritt, lost pounds 40,000" for
what the adviser repays) is refused; a speaker's figure, or a sentence naming the question's person,
keeps it."""

from __future__ import annotations

from langchain_core.documents import Document

from service.answers.actors import by_another_person
from service.text.nlp import NewsNlp

DOCS = [
    Document(
        page_content="A hearing will decide how much Victor Penhaligon must repay. "
        "One client, Mabel Orritt, 77, lost pounds 40,000 in the scheme. "
        "Prosecutor Gwen Tarrow said pounds 300,000 had been recovered. "
        "Penhaligon spent pounds 95,000 on a boat."
    )
]


def test_what_another_person_did_is_refused(nlp: NewsNlp) -> None:
    question = "How much will Victor Penhaligon have to repay?"
    assert by_another_person(nlp, question, "pounds 40,000 [1]", DOCS)


def test_a_speakers_figure_and_the_persons_own_are_kept(nlp: NewsNlp) -> None:
    recovered = "How much has been recovered from Victor Penhaligon?"
    assert not by_another_person(nlp, recovered, "pounds 300,000 [1]", DOCS)
    assert not by_another_person(
        nlp, "How much did Victor Penhaligon spend on a boat?", "pounds 95,000", DOCS
    )


def test_who_questions_and_questions_without_a_person_are_not_read(nlp: NewsNlp) -> None:
    assert not by_another_person(nlp, "Who lost pounds 40,000 to Victor Penhaligon?", "Mabel Orritt", DOCS)
    assert not by_another_person(nlp, "How much did one client lose?", "pounds 40,000", DOCS)


FIRMS = [
    Document(
        page_content="Harlow Power was fined pounds 3m in 2021. "
        "In 2019 a smaller supplier, Brantwood Energy, was fined pounds 900,000 for mis-selling. "
        "The group's second brand, Cinder Gas, went on sale in May."
    )
]


def test_another_of_the_kind_brought_in_by_apposition_is_refused(nlp: NewsNlp) -> None:
    assert by_another_person(nlp, "How much was Harlow Power fined in 2019?", "pounds 900,000 [1]", FIRMS)
    assert not by_another_person(nlp, "How much was Harlow Power fined in 2021?", "pounds 3m [1]", FIRMS)


def test_a_name_the_answer_gives_is_no_other(nlp: NewsNlp) -> None:
    assert not by_another_person(nlp, "What is Harlow Power's second brand called?", "Cinder Gas [1]", FIRMS)
