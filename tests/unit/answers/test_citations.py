"""[n] markers: read in order of first use, renumbered the same way in whole answers and streams."""

from __future__ import annotations

from langchain_core.documents import Document

from service.answers.citations import MarkerRenumber, best_passage, renumber, strip_markers, used_markers


def test_markers_are_read_in_order_and_bounded() -> None:
    assert used_markers("A [2], B [1][2], C [9].", 3) == [2, 1]


def test_renumber_follows_order_of_use_and_drops_unknown_passages() -> None:
    assert renumber("Freed [3], arrested [1, 3] and [7].", [3, 1]) == "Freed [1], arrested [2][1] and."
    assert strip_markers("84 women [1][2].") == "84 women."


def test_an_answer_without_markers_gets_the_passage_it_shares_most_with() -> None:
    docs = [
        Document(page_content="Police arrested 23 people."),
        Document(page_content="84 women were freed."),
    ]
    assert best_passage("84 women were freed", docs) == 2
    assert best_passage("nothing in common", docs) is None


def test_stream_markers_are_renumbered_in_order_of_use_across_pieces() -> None:
    renumber = MarkerRenumber(n_docs=4)
    pieces = ["84 women were freed [", "3", "] and 23 people ", "arrested [1", ", 3]. Bad [9]."]
    out = "".join(renumber.feed(p) for p in pieces) + renumber.flush()
    assert out == "84 women were freed [1] and 23 people arrested [2][1]. Bad ."
    assert renumber.order == {3: 1, 1: 2}
