"""Which counts and names make the brief (selection.py, facts.py): the rules drawn from the misses of
the project's own eval set, each on invented sentences."""

from __future__ import annotations

from service.summaries.facts import Facts, read_facts
from service.summaries.selection import pick
from service.text.nlp import NewsNlp


def _facts(nlp: NewsNlp, text: str) -> Facts:
    return read_facts(nlp.parse(text), text)


def _chosen(nlp: NewsNlp, text: str) -> set[str]:
    return {c.text for c in pick(_facts(nlp, text)).counts}


def test_a_when_a_position_and_a_time_are_no_counts(nlp: NewsNlp) -> None:
    chosen = _chosen(
        nlp,
        "The Orlen clinic treated 4,120 patients in May, up from 3,600 eighteen months earlier. "
        "Dunford Athletic are 17th in the table after losing 3,000 fans this season. "
        "Ada Brine won the Tolley road race in 3 hours 12 minutes, ahead of 900 runners. "
        "Hallam Foods made pounds 2.4m in the nine months to September.",
    )
    assert {"4,120", "3,600", "3,000", "900", "pounds 2.4m"} <= chosen
    assert "nine" not in chosen  # the period the profit covers
    assert "eighteen" not in chosen  # dates the figure before
    assert "17th" not in chosen  # a place in the table
    assert "3" not in chosen  # part of a time


def test_how_a_company_began_is_background(nlp: NewsNlp) -> None:
    facts = _facts(
        nlp,
        "Pellam Dairies will cut 320 jobs at its Tothill plant. The firm, founded in 1998 by three "
        "farmers, bought the Brisk brand in 2011 for pounds 40m. It opened a plant in Carrow in 2019 "
        "and employs 2,100 people.",
    )
    history = {c.text for c in facts.counts if c.history}
    assert history == {"three", "pounds 40m"}  # the founders, the price of a purchase years ago
    chosen = {c.text for c in pick(facts).counts}
    assert {"320", "2,100"} <= chosen and not chosen & history


def test_a_place_above_or_on_a_street_is_where(nlp: NewsNlp) -> None:
    facts = _facts(
        nlp,
        "A landslide in the hills above Corran Vale has closed the main road. Kit Morrow said the road "
        "would reopen soon. Forty homes lost power. The parish council said a shelter had opened in a "
        "chapel on Tanner Street.",
    )
    kinds = {n.name: n.kind for n in facts.names}
    assert kinds["Corran Vale"] == "place"
    assert kinds["Tanner Street"] == "place"
    assert {"Corran Vale", "Tanner Street"} <= {n.name for n in pick(facts).where}


def test_a_body_named_in_the_closing_attribution_speaks(nlp: NewsNlp) -> None:
    facts = _facts(
        nlp,
        "Two village schools in Hollin will share one head teacher from January, saving 90,000 euros a "
        "year, the district schools committee announced on Friday.",
    )
    body = next(n for n in facts.names if n.name == "district schools committee")
    assert body.kind == "organisation" and body.spoke
    assert "district schools committee" in {n.name for n in pick(facts).who}


def test_a_trust_or_an_acting_airport_is_who_and_where(nlp: NewsNlp) -> None:
    picks = pick(
        _facts(
            nlp,
            "Waiting lists at Brennock Valley Health Trust have reached 30,000. Ostby Regional Airport "
            "has won approval for a new terminal. The first flights left from Ostby Regional Airport "
            "in 1961. Patients were treated at Carden Street Hospital.",
        )
    )
    who, where = {n.name for n in picks.who}, {n.name for n in picks.where}
    assert {"Brennock Valley Health Trust", "Ostby Regional Airport"} <= who & where
    assert "Carden Street Hospital" in where - who  # a building where patients were treated, no actor


def test_a_brand_is_no_actor_but_a_gang_or_a_title_is(nlp: NewsNlp) -> None:
    facts = _facts(
        nlp,
        "Harlow Mills, the maker of Brightcorn cereals, will close its Danby plant. Police said the "
        "Dorsey gang ran the smuggling ring. Nursing Council inspector Amy Thorne said the Halcyon vaccine "
        "was safe.",
    )
    who = {n.name for n in pick(facts).who}
    assert "Harlow Mills" in who
    assert not who & {"Brightcorn", "Halcyon"}  # they only qualify a product
    assert "Dorsey" in who  # a gang acts
    assert "Nursing Council" in who  # a title before a name ("... inspector Amy Thorne")


def test_the_institution_called_by_its_noun_acts(nlp: NewsNlp) -> None:
    picks = pick(
        _facts(
            nlp,
            "A rare meteorite found by a farmer will go on show at the Orrin Museum in May. "
            "The museum expects 20,000 more visitors a year.",
        )
    )
    assert "Orrin Museum" in {n.name for n in picks.who}
    assert "Orrin Museum" in {n.name for n in picks.where}


def test_a_family_is_a_group_apart_from_its_member(nlp: NewsNlp) -> None:
    facts = _facts(
        nlp,
        "Orlov Bakeries was founded in 1952 by the Jansen family, which still owns half the shares. "
        "Its chief executive, Mira Jansen, said sales had risen.",
    )
    names = {n.name for n in facts.names}
    assert {"Jansen family", "Mira Jansen"} <= names
    assert "Jansen family" in {n.name for n in pick(facts).who}


def test_a_name_before_a_works_noun_is_a_place(nlp: NewsNlp) -> None:
    facts = _facts(
        nlp,
        "Corvin Foods will close its Daleham plant and the Tilby Road depot. Councillors voted to shut "
        "the Mill Lane and Ashgrove branches.",
    )
    where = {n.name for n in facts.names if n.kind == "place"}
    assert {"Daleham plant", "Tilby Road depot", "Mill Lane", "Ashgrove"} <= where


def test_a_house_number_is_no_count(nlp: NewsNlp) -> None:
    chosen = _chosen(nlp, "The minister left 11 Carden Street after meeting 30 union leaders.")
    assert "30" in chosen and "11" not in chosen
