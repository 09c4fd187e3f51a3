"""Latest-figure questions read the newest article that speaks of them (service/answers/recency.py).
Texts invented for the project."""

from __future__ import annotations

from langchain_core.documents import Document

from service.answers.recency import newest_only


def _doc(article: str, published: str, title: str, text: str) -> Document:
    return Document(
        page_content=text, metadata={"article_id": article, "published_at": published, "title": title}
    )


OLD = _doc(
    "march", "2025-03-04", "Orrin may shut pools", "Orrin council plans to close three swimming pools."
)
NEW = _doc(
    "may", "2025-05-20", "Orrin votes on pools", "Orrin council has voted to close two swimming pools."
)
OTHER = _doc(
    "june", "2025-06-30", "Heatwave in Orrin", "A heatwave brought record crowds to the Orrin beaches."
)
QUESTION = "According to the latest report, how many swimming pools will Orrin council close?"


def test_the_newest_article_that_speaks_of_the_question_is_kept() -> None:
    # The June article is newer but says nothing of pools: it does not count as a report of them.
    assert newest_only(QUESTION, [OLD, OTHER, NEW]) == [NEW]


def test_other_questions_and_a_single_report_keep_every_passage() -> None:
    plain = "How many swimming pools will Orrin council close?"
    assert newest_only(plain, [OLD, NEW]) == [OLD, NEW]
    assert newest_only(QUESTION, [OLD, OTHER]) == [OLD, OTHER]
    undated = _doc("undated", "", "Orrin pools", "Orrin council will close four swimming pools.")
    assert newest_only(QUESTION, [OLD, undated]) == [OLD, undated]
