"""The checks that turn an answer the passages do not hold into the abstention sentence."""

from __future__ import annotations

from langchain_core.documents import Document

from service.answers.checks import _other_time, _wrong_type, abstains, off_the_question

DOCS = [
    Document(
        page_content="The results were staggering: 84 women were freed. Police arrested 23 people.",
        metadata={},
    )
]


def test_grounded_answer_is_kept() -> None:
    assert not abstains("How many women were freed?", "84 women were freed [1].", DOCS)


def test_abstention_sentence_and_paraphrases_abstain() -> None:
    assert abstains("When?", "The articles do not say.", DOCS)
    assert abstains("When?", "The date is not mentioned in the passages.", DOCS)


def test_number_from_memory_abstains() -> None:
    assert abstains("How many women were freed?", "About 120 women were freed [1].", DOCS)


def test_answer_that_only_restates_the_question_abstains() -> None:
    assert abstains("On what date did the operation take place?", "The operation took place on [1].", DOCS)


TRADE = [
    Document(
        page_content="Trade rose to dollars 186.3m in April-July 2004, from dollars 64.4m in 2003. "
        "Unemployment fell to 9.6% in December, said economist Julio Hegedus.",
        metadata={},
    )
]


def test_question_about_a_year_no_passage_mentions_abstains() -> None:
    assert abstains("What was the value of trade in 2002?", "Trade rose to dollars 64.4m [1].", TRADE)
    assert not abstains("What was the value of trade in 2004?", "It rose to dollars 186.3m [1].", TRADE)


def test_how_many_wants_a_count_not_a_rate() -> None:
    assert abstains("How many people were unemployed in December?", "9.6% [1]", TRADE)


def test_when_wants_a_time_and_who_wants_a_name() -> None:
    assert not _wrong_type("When will trade rise again?", "Trade rose in the summer period.")
    assert abstains("When will the economist report?", "The economist Hegedus will report [1].", TRADE)
    assert not abstains("Who said unemployment fell?", "Julio Hegedus [1].", TRADE)
    assert abstains("Who said unemployment fell?", "An economist said it fell [1].", TRADE)


def test_an_amount_in_another_currency_abstains() -> None:
    film = [
        Document(
            page_content="The film, a dollars 7,000 (pounds 3,650) tale, won the top prize.", metadata={}
        )
    ]
    assert abstains("How much did the film cost?", "It cost pounds 7,000 [1].", film)
    assert not abstains("How much did the film cost?", "It cost $7,000 [1].", film)
    assert not abstains("How much did the film cost?", "It cost dollars 7,000 [1].", film)


def test_an_answer_resting_on_a_sentence_about_something_else_abstains() -> None:
    # "December" stands in the passage, but in a sentence about unemployment, not about trade talks
    # (nor is the sentence before it: the passage's first).
    jobs = [Document(page_content=TRADE[0].page_content.split(". ", 1)[1], metadata={})]
    assert abstains("When will the India-Pakistan trade talks be held?", "In December [1].", jobs)
    assert not abstains("What did trade rise to in April-July?", "Trade rose to dollars 186.3m [1].", TRADE)


def test_a_date_question_wants_a_date_not_a_duration() -> None:
    assert _wrong_type("On what date will the team train?", "The team will train on a three-day session.")
    for dated in ("On 12 March [1].", "Thursday [1].", "The 3rd of May.", "In 2006.", "Tomorrow [1]."):
        assert not _wrong_type("On what date will the team train?", dated), dated


def test_an_answer_about_another_month_or_year_abstains() -> None:
    docs = [
        Document(page_content="The A&E department saw 11,600 patients in December, up from 10,900 in 2023.")
    ]
    question = "How many patients did the A&E department see in November?"
    assert abstains(question, "The A&E department saw 11,600 patients in December [1].", docs)
    assert not _other_time("How many patients in December?", "11,600 patients in December [1].")
    assert not _other_time(question, "11,600 patients [1].")  # names no time: the other checks decide


BURGLARY = [
    Document(
        page_content="Police recorded 2,918 burglaries in the 12 months to March. "
        "In 2010, the force was merged with its neighbour. "
        "Last year, 1,204 cars were stolen.",
        metadata={"title": "Burglaries fall in Brackenholt"},
    )
]


def test_figure_from_a_sentence_without_the_asked_year_abstains() -> None:
    # 2010 stands in the passage, but not where the figure is: the figure is another period's.
    assert abstains("How many burglaries were recorded in 2010?", "2,918 burglaries [1].", BURGLARY)


def test_figure_from_a_sentence_that_names_the_asked_time_is_kept() -> None:
    assert not abstains("How many cars were stolen last year?", "1,204 cars were stolen [1].", BURGLARY)
    assert not abstains("How many burglaries were recorded?", "2,918 burglaries [1].", BURGLARY)


def test_a_bare_number_is_an_answer_not_a_restated_question() -> None:
    docs = [Document(page_content="Six people have been treated in hospital, officials said.", metadata={})]
    assert not abstains("How many people have been treated in hospital?", "[1] 6", docs)
    assert not abstains("How many people have been treated in hospital?", "6 people have been treated.", docs)


def test_a_year_before_1900_is_a_time() -> None:
    assert not _wrong_type("When was the college founded?", "It was founded in 1889.")


def test_how_much_wants_an_amount_not_a_date() -> None:
    # The model, asked again, answered "how big a gap" with the budget's date: 24 is no amount.
    assert _wrong_type("How much of a gap do councils face?", "The budget will be signed off on 24 February.")
    assert _wrong_type("How much did it raise?", "It closed in 2004.")
    assert not _wrong_type("How much of a gap do councils face?", "A gap of pounds 70m next year.")
    assert not _wrong_type("How much did it cost?", "pounds 5m on 3 March")


def test_what_a_thing_cost_or_was_worth_wants_money() -> None:
    assert _wrong_type("How much were the online sales worth?", "Online sales rose 41% over Christmas.")
    assert _wrong_type("How much has the trust spent on recruiting nurses?", "It recruited 46 nurses.")
    assert not _wrong_type("How much did the scheme cost?", "The scheme cost pounds 3.2m [1].")
    assert not _wrong_type("How much were they fined?", "€415,000")
    # Not every "how much" asks for money: a quantity or a rate answers these.
    assert not _wrong_type("How much beer did the brewer sell?", "It sold 4.3 million hectolitres.")
    assert not _wrong_type("How much did the economy grow?", "It grew 0.7%.")


def test_a_question_may_name_the_passage_by_its_publication_date() -> None:
    # The model reads each passage with its date; "the storm reported on 19 November 2024" names it.
    storm = [
        Document(
            page_content="Storm Petronel left 48,000 homes without power.",
            metadata={"title": "Storm Petronel hits coast", "published_at": "2024-11-19"},
        )
    ]
    question = "How many homes lost power in the storm reported on 19 November 2024?"
    assert not abstains(question, "48,000 [1]", storm)
    undated = [Document(page_content=storm[0].page_content, metadata={"title": "Storm Petronel hits coast"})]
    assert abstains(question, "48,000 [1]", undated)


def test_an_answer_about_another_place_in_the_order_abstains() -> None:
    assert off_the_question("Who came second in the by-election?", "The Free Party came third [1].")
    assert not off_the_question("Who came second in the by-election?", "Lionel Avery came second [1].")
    assert not off_the_question("Who came second in the by-election?", "Lionel Avery [1]")


def test_a_share_wants_a_proportion() -> None:
    # The tune set's "What share of the vote ..." had been answered with the winner's votes.
    asked = "What share of the vote did the Civic Union win?"
    assert _wrong_type(asked, "The Civic Union won 14,882 votes in Kilmarden West.")
    for share in (
        "It won 41% of the vote.",
        "41 per cent",
        "About a third.",
        "Almost half.",
        "one in five votes",
    ):
        assert not _wrong_type(asked, share), share
    # "per share" and "shares" ask for an amount or a count, not a proportion
    assert not _wrong_type("What dividend per share will Veldmark pay?", "€1.10 [1]")
    assert not _wrong_type("How many shares did she sell?", "She sold 40,000 shares.")


def test_a_proportion_is_no_count() -> None:
    asked = "How many e-mails did the worm send in total?"
    assert _wrong_type(asked, "The worm sent one in every 12 e-mails sent.")
    assert not _wrong_type(asked, "It sent 1.2 million e-mails, one in every 12 sent that day.")
    # a year after "in" is no proportion: the count stands
    assert not _wrong_type("How many people died?", "1 in 2004, 3 in 2005.")


def test_a_name_asked_for_wants_a_name() -> None:
    asked = "What was the name of the man who died during the storm?"
    assert _wrong_type(asked, "The man who died during the storm was aged 62.")
    assert not _wrong_type(asked, "He was Alan Pryce, 62.")
    assert _wrong_type("What were the names of the couple?", "The couple were in their seventies.")
    assert not _wrong_type("What name did he use in the chat room?", 'He used the name "Spindrift".')


def test_which_one_wants_a_name_a_number_or_a_place_in_an_order() -> None:
    asked = "Which of the Halden works staff warned the owner about the loading bay?"
    assert _wrong_type(asked, "Two other workers had complained about it to Mr Halden.")
    assert not _wrong_type(asked, "Nadia Krol, a forklift driver, warned him.")
    assert _wrong_type(
        "Apart from Ashgrove, in which town were depots closed?", "The other depots are named later."
    )
    assert not _wrong_type("Which gadget topped the list?", "the iPod")
    assert not _wrong_type("Which bus does she take to the surgery?", "the number 12")
    assert not _wrong_type("Which profit warning in a year is this for Tolvern?", "its third")
    assert not _wrong_type(
        "In which year did the depot open?", "in nineteen eighty"
    )  # a time: the when checks


def test_a_price_per_share_is_not_what_a_company_costs() -> None:
    asked = "How much has Paravel agreed to pay for Ondine Air?"
    assert _wrong_type(asked, "Paravel will pay euros 6.20 a share in cash.")
    assert _wrong_type(asked, "€38 per share")
    # with the total beside it, or asked per share, the answer stands
    assert not _wrong_type(asked, "euros 485m, or euros 6.20 a share")
    assert not _wrong_type("How much is Paravel paying for each Ondine Air share?", "euros 6.20 a share")


def test_an_increase_is_not_how_many_there_are() -> None:
    asked = "How many orthopaedic surgeons does the trust now have?"
    assert _wrong_type(asked, "Nine more orthopaedic surgeons.")
    assert _wrong_type(
        "How many visitors does the museum receive a year?", "It receives 60,000 extra visitors."
    )
    # the growth asked for, the total beside it, or "more than" before the number: the count stands
    assert not _wrong_type("How many extra officers will be funded?", "24 extra officers")
    assert not _wrong_type("How many more surgeons has it hired?", "Nine more surgeons")
    assert not _wrong_type(asked, "It now has 31 surgeons, nine more than last year.")
    assert not _wrong_type("How many schools closed?", "More than 120 schools")


def test_the_dead_are_not_the_injured() -> None:
    asked = "How many people were injured in the 1987 landslide?"
    assert off_the_question(asked, "Seven people were killed in the 1987 landslide.")
    assert off_the_question("How many people died in the fire?", "Three firefighters were injured.")
    assert not off_the_question(asked, "Seven people were killed and 40 injured.")
    assert not off_the_question("How many people were killed?", "Two people were killed.")


def test_how_long_is_answered_by_a_span_of_time_or_a_length() -> None:
    docs = [
        Document(
            page_content="The bridge, 7.2m wide, was shut in 1994 for 14 months. The diversion is 31 miles.",
            metadata={"title": "Bridge repairs"},
        )
    ]
    assert not abstains("How long was the bridge shut?", "14 months [1].", docs)
    assert not abstains("How long is the bridge's diversion?", "31 miles [1].", docs)
    assert abstains("How long was the bridge shut?", "In 1994 [1].", docs)


def test_at_what_time_is_answered_by_a_clock_reading() -> None:
    docs = [
        Document(
            page_content="The fire started at 10.40pm. The final will be played at the Provincial Ground. "
            "Okafor won in 20.41 seconds.",
            metadata={"title": "Fire and final"},
        )
    ]
    assert not abstains("At what time did the fire start?", "At 10.40pm [1].", docs)
    assert abstains(
        "What time does the final kick off?", "It will be played at the Provincial Ground [1].", docs
    )
    assert not abstains("In what time did Okafor win?", "20.41 seconds [1].", docs)


def test_how_old_wants_the_age_beside_the_person_asked_about() -> None:
    docs = [
        Document(
            page_content="Candidate Naomi Fairbairn, a 34-year-old solicitor, took the seat, 1,842 votes "
            "ahead of Patrick Leyden. Petrak, 49, was appointed in June. Nineteen-year-old Katya "
            "Dressler won the title.",
            metadata={"title": "By-election"},
        )
    ]
    assert abstains("How old is Patrick Leyden?", "Patrick Leyden is 34 years old [1].", docs)
    assert not abstains("How old is Naomi Fairbairn?", "She is 34 [1].", docs)
    assert not abstains("How old is Ivan Petrak?", "49 [1].", docs)
    assert not abstains("How old is Katya Dressler?", "19 years old [1].", docs)  # written in words


def test_when_wants_a_point_in_time_not_how_long_something_lasts() -> None:
    asked = "When will the Tarnwick-2 satellite be launched?"
    assert _wrong_type(asked, "Tarnwick-2 should last five years instead of two [1].")
    assert _wrong_type(asked, "It took six years to build [1].")
    for placed in ("in two years", "in about 18 months' time", "three weeks ago", "next spring", "on 3 May"):
        assert not _wrong_type(asked, f"It will be launched {placed} [1]."), placed
