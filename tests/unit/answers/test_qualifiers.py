"""An answer resting on a sentence about a sibling of the thing asked ("the Meadowsweet brand" for
"the Crownfield brand", "a newly qualified driver" for "an experienced driver") is refused; one
resting on the thing narrowed the question's way, or not narrowed at all, is kept."""

from __future__ import annotations

from langchain_core.documents import Document

from service.answers.qualifiers import narrowings, narrows_another, of_another_thing, placed_elsewhere
from service.text.nlp import NewsNlp

DOCS = [
    Document(
        page_content="Tolvern Dairies bought the Brookhaven brand in 2011 for pounds 85m. "
        "A newly qualified tram driver in Corbury earns pounds 31,400 a year. "
        "The group employs 9,200 people. Its Ashgrove depot handled 40 new trams last year."
    )
]


def test_a_sibling_named_another_way_is_refused(nlp: NewsNlp) -> None:
    question = "How much did Tolvern Dairies pay for the Fenmarsh brand?"
    assert narrows_another(nlp, question, "pounds 85m [1]", DOCS)
    assert of_another_thing(nlp, question, "pounds 85m [1]", DOCS)


def test_a_sibling_described_another_way_is_refused(nlp: NewsNlp) -> None:
    question = "How much does an experienced tram driver in Corbury earn?"
    assert narrows_another(nlp, question, "pounds 31,400 a year [1]", DOCS)


def test_the_thing_narrowed_the_questions_way_is_kept(nlp: NewsNlp) -> None:
    assert not narrows_another(nlp, "How much did Tolvern pay for the Brookhaven brand?", "pounds 85m", DOCS)
    assert not narrows_another(
        nlp, "How much does a newly qualified tram driver earn?", "pounds 31,400", DOCS
    )


def test_a_sentence_that_does_not_narrow_the_noun_is_kept(nlp: NewsNlp) -> None:
    # Too broad, maybe, but not a sibling: the term share (support.py) judges this one.
    assert not narrows_another(nlp, "How many people does the group employ in Corbury?", "9,200", DOCS)


def test_words_that_rank_or_count_do_not_narrow(nlp: NewsNlp) -> None:
    found = {
        (n.word, n.noun) for n in narrowings(nlp.parse("How many new trams arrived at the Ashgrove depot?"))
    }
    assert ("new", "tram") not in found
    assert ("ashgrove", "depot") in found
    # "last" ends the run: "Pentyre Town" narrows no season.
    season = {
        n.word for n in narrowings(nlp.parse("How many goals did Ivo score for Pentyre Town last season?"))
    }
    assert "town" not in season and "pentyre" not in season


PLACES = [
    Document(
        page_content="At Fenwick Lane Primary, 210 pupils are on the roll. "
        "In Corbury, 78% of children had both doses last year. "
        "At Fenwick Lane Primary, 64% of pupils had both doses."
    )
]


def test_a_figure_placed_in_another_place_is_refused() -> None:
    question = "What share of pupils at Ashby Road Primary had both doses?"
    assert placed_elsewhere(question, "78% [1]", PLACES)
    # The place asked stands in the sentence, or the question names none: kept.
    assert not placed_elsewhere("What share of pupils at Fenwick Lane Primary had both doses?", "64%", PLACES)
    assert not placed_elsewhere("What share of children had both doses?", "78% [1]", PLACES)
