"""Answering a choice (service/answers/compare.py) with each side's answer given: which figure wins,
what stops a comparison, and the dates of two reports. Texts invented for the project."""

from __future__ import annotations

from langchain_core.documents import Document

from service.answers import Answer, Citation
from service.answers.choices import Choice
from service.answers.compare import answer_choice, figure_of, names_option

ARTICLES = {
    "pellow": "Pellow Dairies to cut jobs\nPellow Dairies is to cut 640 jobs at its Rusk plant.",
    "marston": "Marston Freight cuts 1,150 jobs\nMarston Freight said it would cut 1,150 jobs.",
}
JOBS = Choice(
    ("Pellow Dairies", "Marston Freight"),
    "figure",
    True,
    ("Pellow Dairies is cutting how many jobs?", "Marston Freight is cutting how many jobs?"),
)


def _cited(article_id: str, quote: str) -> Citation:
    return Citation(n=1, article_id=article_id, title=article_id, chunk_id=f"{article_id}:0", quote=quote)


def _answers(**by_option: tuple[str, str]) -> dict[str, Answer]:
    """Each option's answer: its text and the article it cites."""
    return {
        question: Answer(answer=text, citations=[_cited(article, text)], abstained=False)
        for question, (text, article) in by_option.items()
    }


def _choose(choice: Choice, answers: dict[str, Answer]) -> Answer:
    def ask(question: str) -> Answer:
        return answers.get(question) or Answer(
            answer="The articles do not say.", citations=[], abstained=True
        )

    return answer_choice(choice, ask, lambda q: [], lambda *a: None, lambda i: ARTICLES.get(i, ""))


def test_the_larger_figure_wins_and_both_sides_are_cited() -> None:
    answers = _answers(
        **{
            JOBS.asks[0]: ("640 jobs [1].", "pellow"),
            JOBS.asks[1]: ("Marston Freight will cut 1,150 [1].", "marston"),
        }
    )
    out = _choose(JOBS, answers)
    assert out.answer == "Marston Freight: 1,150 [1], against 640 for Pellow Dairies [2]."
    assert [(c.n, c.article_id) for c in out.citations] == [(1, "marston"), (2, "pellow")]
    fewer = Choice(JOBS.options, "figure", False, JOBS.asks)
    assert _choose(fewer, answers).answer.startswith("Pellow Dairies: 640 [1]")


def test_a_side_without_an_answer_or_from_another_article_is_the_abstention() -> None:
    one_side = _answers(**{JOBS.asks[1]: ("1,150 [1].", "marston")})
    assert _choose(JOBS, one_side).abstained
    # Pellow's "answer" cites Marston's article, which does not name Pellow Dairies.
    wrong_article = _answers(
        **{JOBS.asks[0]: ("1,150 [1].", "marston"), JOBS.asks[1]: ("1,150 [1].", "marston")}
    )
    out = _choose(JOBS, wrong_article)
    assert out.abstained and out.citations == []


def test_figures_of_two_currencies_are_not_compared() -> None:
    fined = Choice(JOBS.options, "figure", True, ("a?", "b?"))
    answers = _answers(a=("pounds 640,000 [1].", "pellow"), b=("€2m [1].", "marston"))
    assert _choose(fined, answers).abstained


def test_figure_of_reads_scales_words_and_skips_years() -> None:
    assert figure_of("It was fined pounds 4.2m [1].") == ("pounds 4.2m", 4.2e6, "£")
    assert figure_of("In 2024 it cut 640 jobs [1].") == ("640", 640.0, "")
    assert figure_of("Nine [1].") is not None and figure_of("Nine [1].")[1] == 9.0  # type: ignore[index]
    assert figure_of("The company said so [1].") is None


def test_names_option_needs_every_name_of_the_option() -> None:
    assert names_option("Pellow Dairies", ARTICLES["pellow"])
    assert not names_option("Pellow Freight", ARTICLES["pellow"])
    assert names_option("the Pellow Dairies cuts", ARTICLES["pellow"])  # "the", "cuts": not names


def _dated(article_id: str, published: str) -> Document:
    text = ARTICLES[article_id].split("\n")[1]
    return Document(
        page_content=text,
        id=f"{article_id}:0",
        metadata={"article_id": article_id, "published_at": published},
    )


def test_by_date_the_earlier_report_wins_and_one_article_for_both_is_the_abstention() -> None:
    first = Choice(JOBS.options, "date", False, ("Pellow Dairies announced", "Marston Freight announced"))
    docs = {
        "Pellow Dairies announced": [_dated("pellow", "2025-04-09")],
        "Marston Freight announced": [_dated("marston", "2025-02-20")],
    }

    def cite(n: int, doc: Document, answer: str, question: str) -> Citation:
        return _cited(str(doc.metadata["article_id"]), doc.page_content)

    out = answer_choice(
        first,
        lambda q: Answer(answer="", citations=[], abstained=True),
        lambda q: docs[q],
        cite,
        ARTICLES.__getitem__,
    )
    assert (
        out.answer
        == "Marston Freight: reported on 20 February 2025 [1], against 9 April 2025 for Pellow Dairies [2]."
    )
    both_in_one = {q: [_dated("pellow", "2025-04-09")] for q in docs}
    out = answer_choice(
        first,
        lambda q: out,
        lambda q: both_in_one[q],
        cite,
        lambda i: ARTICLES["pellow"] + " Marston Freight",
    )
    assert out.abstained
