"""The support gate: the sentence an answer rests on must speak of what the question asks about."""

from __future__ import annotations

from langchain_core.documents import Document

from service.answers.support import (
    names_a_subject,
    passage_sentences,
    question_names,
    reachable_support,
    support,
)

FRAUD = [
    Document(
        page_content=(
            "Gordon Ashworth ran an advice firm in Tollby for twenty years. "
            "He was found to be stealing pounds 4.2m from clients, and raised pounds 9,000 a month "
            "from a second scheme."
        ),
        metadata={"title": "Adviser jailed"},
    ),
    Document(page_content="The court fined a bakery pounds 50,000 for late accounts.", metadata={}),
]


def test_word_forms_meet() -> None:
    # "steal" meets "stealing", "raise" meets "raised": the verb's form is not another subject.
    assert support("How much did Ashworth steal from his clients?", "pounds 4.2m", FRAUD) == 1.0
    assert support("How much did the second scheme raise a month?", "pounds 9,000", FRAUD) == 1.0


def test_sentence_about_something_else_scores_low() -> None:
    # The fine's sentence holds none of "steal" or "clients": the answer rests on another subject.
    assert support("How much did Ashworth steal from his clients?", "pounds 50,000", FRAUD) < 0.4


MINISTER = [
    Document(
        page_content="Mr Avery, 57, announced his resignation. Harcombe manager Stewart Brannan said he was pleased.",
        metadata={"title": "Minister quits", "published_at": "2005-03-01"},
    ),
    Document(
        page_content="Of last year's applicants, 2,990 were unaccompanied children under 18.",
        metadata={"title": "Asylum claims fall", "published_at": "2005-03-01"},
    ),
]


def test_how_old_is_the_form_and_a_manager_manages() -> None:
    # "old" is the question's form (like "many"), and "manager" is the one who "manages".
    assert support("How old is Lionel Avery?", "57", MINISTER) >= 0.5
    assert support("Who manages Harcombe United?", "Stewart Brannan", MINISTER) >= 0.6


def test_last_year_means_the_year_before_publication() -> None:
    from service.answers.support import resting
    from service.text.times import names_asked_time

    around = resting("2,990", MINISTER)
    assert names_asked_time("How many applicants were unaccompanied children in 2004?", around)
    assert not names_asked_time("How many applicants were unaccompanied children in 2003?", around)


def test_a_sentence_with_times_of_its_own_is_not_dated_by_the_one_before() -> None:
    from service.answers.support import resting
    from service.text.times import names_asked_time

    open_ = [
        Document(
            page_content="Varga won the title in 2001. Its prize money has risen to dollars 500,000 "
            "this year from dollars 350,000 in 2003. In the final the champion won dollars 90,000.",
            metadata={"published_at": "2004-06-01"},
        )
    ]
    assert not names_asked_time("How much prize money did the open offer in 2001?", resting("500,000", open_))
    assert names_asked_time("How much prize money did the open offer in 2004?", resting("500,000", open_))
    # A sentence that names no time is still dated by the one before.
    assert names_asked_time("How much did the champion win in 2003?", resting("90,000", open_))


def test_an_irregular_past_meets_its_verb() -> None:
    # "How much did he pay back?" rests on "has since paid the pounds 180 back": "paid" is "pay".
    rail = [Document(page_content="He has since paid the pounds 180 back to the Commons.", metadata={})]
    assert support("How much did he pay back to the Commons?", "pounds 180", rail) == 1.0


def test_reachable_support_bounds_every_answer() -> None:
    """No answer rests on a sentence that speaks of the question more fully than the best one does,
    so the model's call can be skipped when even that one falls short of the gate."""
    question = "How much did Ashworth steal from his clients?"
    best = reachable_support(question, FRAUD)
    assert best == 1.0
    for answer in ("pounds 4.2m", "pounds 9,000", "pounds 50,000", "twenty years", "Tollby"):
        assert support(question, answer, FRAUD) <= best
    assert reachable_support("When does the Wexley maritime museum open on Sundays?", FRAUD) < 0.4


def test_a_person_named_in_full_is_met_by_title_and_surname() -> None:
    # News names a person in full once, then "Mr Brown" or "Brown": the question's first name is met too.
    budget = [
        Document(
            page_content="The election is expected on 5 May. "
            "Next month's Budget will be Mr Brown's ninth since Labour came to power in 1997.",
            metadata={},
        )
    ]
    asked = "Which of Gordon Brown's Budgets will it be since 1997?"
    assert support(asked, "his ninth", budget) == 1.0
    plain = [Document(page_content="Next month's Budget will be Brown's ninth since 1997.", metadata={})]
    assert support(asked, "his ninth", plain) == 1.0
    # another surname meets no first name
    assert support("Which of Gordon Smith's Budgets will it be since 1997?", "his ninth", budget) < 1.0


def test_a_surname_in_a_title_meets_the_first_name_but_not_inside_another_name() -> None:
    # "How much did David Blunkett pay back ..." over a passage titled "Blair and Blunkett ...":
    # the passage says "the home secretary"; the title ties it to him.
    tickets = [
        Document(
            page_content="The home secretary has since paid the pounds 180 back for the rail tickets.",
            metadata={"title": "Blair and Blunkett Sheffield trip"},
        )
    ]
    asked = "How much did David Blunkett pay back for the rail tickets?"
    assert support(asked, "pounds 180", tickets) == 1.0
    # "Fernside Lane" is no "Mill Lane": a surname-like word inside another name meets nothing
    lane = [Document(page_content="The Fernside Lane library had 40,000 visits.", metadata={})]
    assert support("How many visits did Mill Lane library have?", "40,000", lane) < 1.0


DIG = Document(
    page_content=(
        "The 17-strong team spent nine months on the dig, which was funded by a grant of "
        "dollars 706,500 from the Mackintosh Trust."
    ),
    metadata={"title": "Volunteer's find turns out to be a long-necked dinosaur"},
)
AID = Document(
    page_content="Britain is to give a pounds 4m grant to help survivors of the floods.",
    metadata={"title": "UK aid for flood survivors"},
)


def test_question_names_are_its_capitalised_words_after_the_first() -> None:
    assert question_names("How many staff could go after the Paravel-Ondine deal?") == {"paravel", "ondine"}
    # Titles, months and openers are no names of a subject.
    assert question_names("What did Mr Brown say in March about The Budget?") == {"brown", "budget"}
    assert question_names("How much is the grant?") == set()


def test_a_passage_naming_none_of_the_questions_names_is_another_story() -> None:
    # "British" meets "Britain" by its stem; the dig's passage shares only "grant".
    assert not names_a_subject("How much is the British grant?", "dollars 706,500 [1]", [DIG, AID])
    assert names_a_subject("How much is the British grant?", "pounds 4m [2]", [DIG, AID])
    # A question that names nothing leaves the decision to the term share.
    assert names_a_subject("How much was the grant?", "dollars 706,500 [1]", [DIG])


def test_the_check_refuses_an_answer_from_another_story() -> None:
    from service.answers.checks import abstains

    assert abstains("How much is the British grant?", "The British grant is dollars 706,500. [1]", [DIG, AID])
    assert not abstains("How much is the British grant?", "The British grant is pounds 4m. [2]", [DIG, AID])


def test_a_follow_ups_subject_is_lent_only_to_a_sentence_that_meets_what_it_adds() -> None:
    from service.answers.support import carried_terms, lent_by

    story = [
        Document(
            page_content="There were 9,120 claims in 2004. Of those, 1,310 came from children under 16. "
            "The claims office said the ruling would follow on 3 May.",
            metadata={"title": "Claims fall"},
        )
    ]
    previous = "How many compensation claims were made in 2004?"
    adds = "How many compensation claims from children under 16 were made in 2004?"
    carried = carried_terms(adds, previous)
    assert {"compensation", "claim", "2004"} <= carried
    # "There were 9,120 claims in 2004" meets none of "children under 16": nothing is lent.
    assert lent_by(adds, carried, story, [(1, "There were 9,120 claims in 2004.")]) == [frozenset()]
    # The sentence that meets what the follow-up adds is lent the subject its passage names.
    held = [(1, "Of those, 1,310 came from children under 16.")]
    assert lent_by(adds, carried, story, held) == [carried & {"claim", "2004"}]
    # A follow-up that adds nothing of its own but its form ("be given") lends to any sentence.
    given = "How long will the compensation claims be given?"
    assert lent_by(given, carried_terms(given, previous), story, [(1, "The ruling would follow on 3 May.")])[
        0
    ]


def test_a_lede_is_read_with_the_sentence_that_names_its_subject() -> None:
    text = (
        "A roofing firm has been fined pounds 210,000 after a worker fell 9 metres. "
        "Owen Pryce, 28, died in 2024 while working for Halden Roofs Ltd in Orrin. "
        "The firm must pay pounds 31,000 in costs."
    )
    opening = Document(page_content=text, metadata={"title": "Roofer fined", "start": 0})
    inside = Document(page_content=text, metadata={"title": "Roofer fined", "start": 800})
    asked = "How far did Owen Pryce fall?"
    assert support(asked, "9 metres", [opening]) >= 0.4
    assert support(asked, "9 metres", [inside]) < 0.4  # not an article's opening: read as before


def test_a_modal_verb_is_the_questions_form() -> None:
    docs = [Document(page_content="Halden Roofs was told to pay pounds 31,000 in prosecution costs.")]
    assert support("How much must Halden Roofs pay in prosecution costs?", "pounds 31,000", docs) == 1.0


def test_a_lede_borrows_only_the_names_of_the_next_sentence() -> None:
    text = "The Orrin Fair drew a record 64,000 visitors over four days. Ada Lusk said it was up from 51,000 last year."
    lede = next(passage_sentences([Document(page_content=text, metadata={"start": 0})]))[2]
    assert "Ada Lusk" in lede and "last year" not in lede  # the lede's figure is not last year's


def test_so_far_is_part_of_what_is_asked() -> None:
    # "far" is no form word: "How far did he fall?" is met by the lede's names, and "so far" by
    # "so far" ("far" as a form word had refused this answer on the own set).
    docs = [
        Document(page_content="The money went on cars. Only about pounds 300,000 had been recovered so far.")
    ]
    assert support("How much money has been recovered from Ada Lusk so far?", "pounds 300,000", docs) >= 0.4
