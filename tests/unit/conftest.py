"""Shared by the unit tests: one real MiniLM embedder and one spaCy pipeline per session (each takes
a second to load)."""

from __future__ import annotations

import pytest

from index.embed import MiniLMEmbeddings
from service.text.nlp import NewsNlp


@pytest.fixture(scope="session")
def embeddings() -> MiniLMEmbeddings:
    return MiniLMEmbeddings(threads=1)


@pytest.fixture(scope="session")
def nlp() -> NewsNlp:
    """spaCy's pipeline, checked and loaded once (about a second)."""
    return NewsNlp()
