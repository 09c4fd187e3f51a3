"""service/answers/context.py: the retrieved chunks cut to the sentences that bear on the question."""

from __future__ import annotations

from langchain_core.documents import Document

from index.embed import MiniLMEmbeddings
from index.sentences import split_sentences
from service.answers.context import WHOLE, tighten, widen, within_reach

FIRST = (
    "The council met on Monday to discuss the budget. Members argued for hours about road repairs. "
    "The mayor said the city would hire 40 new teachers next year. They will start in September. "
    "Weather delayed the meeting's start."
)
SECOND = (
    "A storm hit the coast on Tuesday. Fishing boats stayed in harbour. "
    "The port authority said 12 boats were damaged. Repairs will cost about pounds 2m."
)


def docs() -> list[Document]:
    return [
        Document(page_content=FIRST, metadata={"article_id": "a"}, id="a:0"),
        Document(page_content=SECOND, metadata={"article_id": "b"}, id="b:0"),
    ]


def test_keeps_the_answer_sentence_and_its_antecedent_within_budget(embeddings: MiniLMEmbeddings) -> None:
    out = tighten("How many teachers will the city hire?", docs(), embeddings, budget_chars=160)
    text = " ".join(d.page_content for d in out)
    assert "40 new teachers" in text
    assert len(text) <= 160
    # Kept sentences are whole sentences of their own chunk, in order, under the chunk's id.
    for doc in out:
        original = next(d for d in docs() if d.id == doc.id)
        kept = [s.text for s in split_sentences(doc.page_content)]
        assert all(s in original.page_content for s in kept)
        # The chunk's own metadata, and its whole text for a wider cut (`widen`).
        assert doc.metadata == {**original.metadata, WHOLE: original.page_content}


def test_a_chunk_with_nothing_relevant_is_dropped(embeddings: MiniLMEmbeddings) -> None:
    out = tighten("How many boats were damaged in the storm?", docs(), embeddings, budget_chars=120)
    assert [d.id for d in out] == ["b:0"]
    assert "12 boats" in out[0].page_content


def test_zero_budget_or_short_context_keeps_everything(embeddings: MiniLMEmbeddings) -> None:
    assert tighten("anything", docs(), embeddings, budget_chars=0) == docs()
    assert tighten("anything", docs(), embeddings, budget_chars=10_000) == docs()


def test_the_best_sentence_goes_in_even_over_budget(embeddings: MiniLMEmbeddings) -> None:
    out = tighten("How many teachers will the city hire?", docs(), embeddings, budget_chars=10)
    assert [d.page_content for d in out] == ["The mayor said the city would hire 40 new teachers next year."]


def test_a_figure_given_a_sentence_after_its_subject_is_kept(embeddings: MiniLMEmbeddings) -> None:
    text = (
        "Harbourside's jobless rate fell to its lowest level in five years in March, officials said. "
        "The statistics office said it fell to 4.1% from 4.6% in February. "
        "Shipping firms hired more dockers. Tourism was flat. Retail sales rose slightly in the spring."
    )
    doc = [Document(page_content=text, metadata={"article_id": "c"}, id="c:0")]
    out = tighten("What was Harbourside's jobless rate in March?", doc, embeddings, budget_chars=180)
    assert "4.1%" in " ".join(d.page_content for d in out)


def test_the_one_sentence_holding_a_rare_question_term_is_kept(embeddings: MiniLMEmbeddings) -> None:
    # The sentence naming the chief executive names neither the company (its title does) nor
    # anything close in meaning to the question; "chief executive" stands in it alone.
    text = (
        "Ostwick Freight said on Monday it would cut 900 jobs after a year of falling volumes. "
        "Ostwick Freight will close three of its depots. "
        "Ostwick Freight reported a loss of dollars 40m. "
        "Chief executive Hanna Lorrimer, 51, said shoppers were ordering less. "
        "Ostwick Freight will also sell 200 of its vans."
    )
    doc = Document(
        page_content=text, metadata={"article_id": "o", "title": "Ostwick Freight to cut jobs"}, id="o:0"
    )
    out = tighten("Who is Ostwick Freight's chief executive?", [doc], embeddings, budget_chars=150)
    assert "Hanna Lorrimer" in " ".join(d.page_content for d in out)


def test_a_where_question_prefers_the_sentence_that_places_it(embeddings: MiniLMEmbeddings) -> None:
    # The sentences that repeat "game" and "played" outrank the lede by cosine and keywords; the
    # lede is the one that says where ("at Kellow Park").
    match = Document(
        page_content=(
            "Ravensholt climbed to ninth with a 3-1 win over Colbury City at Kellow Park. "
            "The game turned early in the second half when a Colbury defender was sent off. "
            '"We have now lost three games in a row, and we played badly," the Colbury boss said. '
            "The game was the first played since the new rules on time-wasting came in."
        ),
        metadata={"article_id": "m", "title": "Ravensholt 3-1 Colbury City"},
        id="m:0",
    )
    out = tighten("Where was the game between Ravensholt and Colbury City played?", [match], embeddings, 110)
    assert "Kellow Park" in " ".join(d.page_content for d in out)


def test_the_question_form_is_not_its_subject(embeddings: MiniLMEmbeddings) -> None:
    # "place" is how the question asks, not what it asks about: the sentence with "two places"
    # must not outrank the one that says near where the painting was found.
    painting = Document(
        page_content=(
            "The Flooded Meadow, painted in 1871, was last shown in public in 1926. "
            "Floods in two places closed the gallery in 2019. "
            "It was found in 2022 in the attic of a farmhouse near Ellerby."
        ),
        metadata={"article_id": "p", "title": "Lost painting found"},
        id="p:0",
    )
    kept = " ".join(
        d.page_content
        for d in tighten("Near which place was The Flooded Meadow found?", [painting], embeddings, 140)
    )
    assert "Ellerby" in kept and "two places" not in kept


def test_a_sentence_two_chunks_share_is_shown_once(embeddings: MiniLMEmbeddings) -> None:
    # Consecutive chunks overlap by a sentence; both chunks retrieved must not show it twice.
    shared = "Spain won the game 1-0 at the Bernabeu in Madrid."
    chunks = [
        Document(
            page_content=f"The friendly drew 50,000 fans. {shared}", metadata={"article_id": "s"}, id="s:0"
        ),
        Document(
            page_content=f"{shared} The coach faces an inquiry.", metadata={"article_id": "s"}, id="s:1"
        ),
    ]
    out = tighten("Where did Spain win the game?", chunks, embeddings, 200)
    assert " ".join(d.page_content for d in out).count(shared) == 1


def test_a_wider_cut_is_made_again_from_the_whole_chunks(embeddings: MiniLMEmbeddings) -> None:
    question = "When will the new teachers start?"
    tight = tighten(question, docs(), embeddings, budget_chars=70)
    wide = widen(question, tight, embeddings, budget_chars=400)
    tight_text = " ".join(d.page_content for d in tight)
    wide_text = " ".join(d.page_content for d in wide)
    # The tight cut holds one sentence; the wider one, cut from the whole chunk, more of it.
    assert "September" not in tight_text and len(tight_text) < len(wide_text) <= 400
    assert "They will start in September." in wide_text
    assert all(d.metadata[WHOLE] == FIRST for d in wide if d.id == "a:0")


def test_the_retry_reads_only_the_sentences_an_answer_could_rest_on() -> None:
    # The gate asks an answer given on a retry to rest on a sentence holding most of the question's
    # terms (MIN_SUPPORT_AGAIN): only that sentence and the one before it are shown again, under
    # their own chunk; a passage with no such sentence is dropped.
    story = Document(
        page_content=(
            "Finance minister Hilda Marsk will present her budget to the assembly on 12 April. "
            "The opposition says the budget will be built to win votes. The vote is due in June. "
            "It will be Ms Marsk's fourth budget since the Unity Party took office in 2001."
        ),
        metadata={"title": "Marsk to present budget", "article_id": "m"},
        id="m:0",
    )
    other = Document(page_content="The ferry sailed late on Friday.", metadata={"article_id": "f"}, id="f:0")
    question = "Which of Hilda Marsk's budgets will it be counting from 2001?"
    out = within_reach(question, [story, other], 0.7)
    assert [d.id for d in out] == ["m:0"]
    assert (
        out[0].page_content
        == "The vote is due in June. It will be Ms Marsk's fourth budget since the Unity Party took office in 2001."
    )
    assert out[0].metadata[WHOLE] == story.page_content  # a later cut can still read the whole chunk
    assert within_reach("Which ferry sank?", [story], 0.7) == []
