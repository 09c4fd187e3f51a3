"""Kept vectors: a text is embedded once, its vector comes back the same, the oldest go first."""

from __future__ import annotations

from langchain_core.embeddings import Embeddings


class Counting(Embeddings):
    def __init__(self) -> None:
        self.embedded: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.embedded += texts
        return [[float(len(t)), 0.5] for t in texts]

    def embed_query(self, text: str) -> list[float]:
        self.embedded.append(f"?{text}")
        return [0.25, float(len(text))]


def test_each_text_is_embedded_once_and_its_vector_comes_back() -> None:
    from service.answers import KeptVectors

    inner = Counting()
    kept = KeptVectors(inner, size=3)
    assert kept.embed_documents(["ab", "abc", "ab"]) == [[2.0, 0.5], [3.0, 0.5], [2.0, 0.5]]
    assert kept.embed_documents(["abc", "abcd"]) == [[3.0, 0.5], [4.0, 0.5]]
    assert inner.embedded == ["ab", "abc", "abcd"]
    assert kept.embed_query("q") == kept.embed_query("q") == [0.25, 1.0]
    assert inner.embedded[-1] == "?q" and inner.embedded.count("?q") == 1


def test_the_least_recently_used_go_first() -> None:
    from service.answers import KeptVectors

    inner = Counting()
    kept = KeptVectors(inner, size=2)
    kept.embed_documents(["a", "bb"])
    kept.embed_documents(["a"])  # "a" used again: "bb" is now the oldest
    kept.embed_documents(["ccc"])
    kept.embed_documents(["a", "bb"])
    assert inner.embedded == ["a", "bb", "ccc", "bb"]
