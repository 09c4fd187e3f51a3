from __future__ import annotations

from langchain_core.runnables import RunnableLambda

from service.summaries import SummaryService
from service.summaries.draft import draft_to_items
from service.summaries.sections import split_sections, tag_numbers
from service.text.names import is_demonym

TEXT = "Police in Lima freed 84 women. They arrested 23 people. The Tren de Aragua gang ran the ring. " * 3


def test_sections_cut_at_sentences_and_cover_the_text() -> None:
    sections = split_sections(TEXT.strip(), max_chars=100)
    assert len(sections) == 3  # each ~93 characters: three sentences fit, a fourth would not
    assert len(split_sections(TEXT.strip(), max_chars=40)) == 9
    assert all(s.endswith(".") for s in sections)
    assert " ".join(sections) == TEXT.strip()


def test_numbers_are_tagged_in_place() -> None:
    section = tag_numbers("Police freed 84 women and arrested 23 people.")
    assert section.tagged == "Police freed 84 (N1) women and arrested 23 (N2) people."
    assert section.numbers == "N1: 84\nN2: 23"


def test_draft_items_get_their_sentences_and_bad_ids_are_dropped() -> None:
    section = tag_numbers("Police in Lima freed 84 women. The Tren de Aragua gang ran the ring.")
    draft = {
        "names": {"Lima": "place", "Tren de Aragua": "organisation", "Police": "other"},
        "more_who": ["Interpol"],  # not in the article: no sentence, dropped
        "what": "x",
        "numbers": {
            "N1": {"salient": True, "of_what": "women freed"},
            "N7": {"salient": True, "of_what": "?"},
        },
    }
    who, where, how_many, dropped = draft_to_items(draft, section)
    assert [w.name for w in who] == ["Tren de Aragua"]
    assert [(p.place, p.quote) for p in where] == [("Lima", "Police in Lima freed 84 women.")]
    assert [(c.count, c.quote) for c in how_many] == [("84", "Police in Lima freed 84 women.")]
    assert dropped == 2


def test_collapse_always_terminates_with_one_sentence() -> None:
    service = SummaryService.__new__(SummaryService)
    calls: list[int] = []

    def merge(inputs: dict[str, str]) -> str:  # stands in for the model in this unit test only
        calls.append(len(inputs["sentences"].splitlines()))
        return "merged."

    service._collapse = RunnableLambda(merge)
    assert service.collapse([f"gist {i}." for i in range(40)]) == "merged."
    # 40 -> 7 groups (7 calls) -> 2 groups, one a single gist passed through (1 call) -> 1 call
    assert all(n <= 6 for n in calls) and len(calls) == 7 + 1 + 1
    assert service.collapse(["only one."]) == "only one."
    assert service.collapse([]) == ""


def test_nationalities_are_never_who() -> None:
    section = tag_numbers("Pakistani officials met Japanese traders and the Tutsis in Kigali.")
    draft = {
        "names": {"Pakistani": "person", "Japanese": "organisation", "Tutsis": "person", "Kigali": "place"},
        "more_who": [],
        "what": "x",
        "numbers": {},
    }
    who, where, _, _ = draft_to_items(draft, section)
    assert who == [] and [p.place for p in where] == ["Kigali"]
    assert is_demonym("the Japanese") and not is_demonym("Japan") and not is_demonym("Tutsi Fund")
