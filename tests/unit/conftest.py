"""Shared by the unit tests: one real MiniLM embedder per session (loading it takes a second)."""

from __future__ import annotations

import pytest

from index.embed import MiniLMEmbeddings


@pytest.fixture(scope="session")
def embeddings() -> MiniLMEmbeddings:
    return MiniLMEmbeddings(threads=1)
