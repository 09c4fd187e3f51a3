from __future__ import annotations

from service.evaluation import answer_matches, count_matches, name_matches, precision, recall


def test_answer_matching_follows_the_data_readme() -> None:
    assert answer_matches("Trade rose to $186.3m [1].", "dollars 186.3m")
    assert answer_matches("It was 12,500 people.", "12500")
    assert answer_matches("Eighty-four women", "84", ["eighty-four"])
    assert not answer_matches("It was 184 women", "84")


def test_loose_name_matching() -> None:
    assert name_matches("Nath", "Kamal Nath")
    assert name_matches("Minister Kamal Nath", "Kamal Nath")
    assert name_matches("IBGE", "Brazilian Institute for Geography and Statistics (IBGE)")
    assert not name_matches("Peru", "Tren de Aragua")


def test_recall_and_precision() -> None:
    assert recall(["84", "23"], ["84", "23", "12"], count_matches) == (2, 3)
    assert precision(["84", "99"], ["84", "23"], count_matches) == (1, 2)
