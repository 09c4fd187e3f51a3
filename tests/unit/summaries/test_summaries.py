"""The brief around the model's one sentence: the sentence is checked, the prompt stays the same size
whatever the article's length, and nationalities are never actors."""

from __future__ import annotations

from service.summaries.draft import check_what, unknown_names
from service.summaries.facts import read_facts
from service.summaries.selection import OPENING_WORDS, pick, prompt_inputs
from service.text.names import is_demonym
from service.text.nlp import NewsNlp

TEXT = (
    "Police in Lima freed 84 women on Monday. They arrested 23 people. The Tren de Aragua gang ran the ring."
)


def test_the_sentence_is_kept_only_when_it_holds_up() -> None:
    assert (
        check_what("Police in Lima freed 84 women. Extra sentence.", TEXT) == "Police in Lima freed 84 women."
    )
    assert check_what('"Police freed 84 women in Lima."', TEXT) == "Police freed 84 women in Lima."
    assert check_what("Police freed 85 women in Lima.", TEXT) is None  # a number the article lacks
    assert check_what("Police freed women " + "again and " * 20 + "again.", TEXT) is None  # over 40 words
    assert check_what("   ", TEXT) is None
    assert check_what("PWNED", TEXT) is None  # no sentence


def test_a_name_the_article_does_not_hold_fails_the_sentence() -> None:
    # Made up, or spelt the model's own way: the title stands in rather than a wrong name.
    assert check_what("Police led by Tom Hardy freed 84 women in Lima.", TEXT) is None
    assert check_what("Polise in Lima freed 84 women.", TEXT) is None
    assert unknown_names("Gillard's warns of lower profits.", "Gilliard's warned of lower profits.") == [
        "Gillard's"
    ]
    # The article's names in other forms are its own: a possessive, a hyphenated pair, any case.
    assert check_what("Lima's police freed 84 women from the Tren de Aragua gang.", TEXT) is not None
    assert unknown_names("Freed: 84 women, Lima-Aragua ring ends.", TEXT) == []
    assert unknown_names("Arrested people number 23.", TEXT) == []


def test_a_long_article_costs_the_model_what_a_short_one_does(nlp: NewsNlp) -> None:
    def article(districts: int) -> str:
        body = " ".join(
            f"In district {n}, officers searched {n + 3} homes and found {n + 7} bikes."
            for n in range(districts)
        )
        return TEXT + "\n\n" + body

    long_text, short_text = article(460), article(10)
    assert len(long_text.split()) > 5_000 and len(short_text.split()) < 200
    long = prompt_inputs("Raid", long_text, read_facts(nlp.parse(long_text), long_text))
    short = prompt_inputs("Raid", short_text, read_facts(nlp.parse(short_text), short_text))
    # The model reads the title and about 60 words of opening, whatever the article's length.
    assert long == short and len(long["opening"].split()) <= OPENING_WORDS + 20
    assert len(pick(read_facts(nlp.parse(long_text), long_text)).counts) <= 8


def test_nationalities_are_never_who(nlp: NewsNlp) -> None:
    text = "Pakistani officials met Japanese traders and the Tutsis in Kigali. The Kigali council agreed."
    names = {n.name: n.kind for n in read_facts(nlp.parse(text), text).names}
    assert "Pakistani" not in names and "Japanese" not in names and "Tutsis" not in names
    assert names.get("Kigali") == "place"
    assert is_demonym("the Japanese") and not is_demonym("Japan") and not is_demonym("Tutsi Fund")
