"""Questions that ask for the latest figure ("the latest estimate", "according to the most recent
report"): only the newest article that speaks of the question is read.

Why: when two reports of one story give two figures (three libraries to close, then two), the
model shown both answered from the older one for two such questions in four on the own set
(2026-12-04), though each passage is labelled with its date: a 1.5B model does not order dates. The
server can: of the articles among the passages with a sentence that speaks of the question fully
enough to carry an answer (support.py, the gate every answer must clear), the one published last
is kept, with all its passages. When fewer than two such articles are dated, nothing changes."""

from __future__ import annotations

import re
from collections.abc import Sequence

from langchain_core.documents import Document

from service.answers.support import MIN_SUPPORT, reachable_support

ASKS_LATEST = re.compile(r"\b(?:latest|most recent|newest|most up[- ]to[- ]date)\b", re.I)


def newest_only(question: str, docs: Sequence[Document]) -> list[Document]:
    """The passages of the newest article that could answer a latest-figure question; `docs`
    unchanged for any other question, or when there is no choice of dated articles to make."""
    if not ASKS_LATEST.search(question):
        return list(docs)
    by_article: dict[str, list[Document]] = {}
    for doc in docs:
        by_article.setdefault(str(doc.metadata.get("article_id") or ""), []).append(doc)
    dated = {
        article: published
        for article, passages in by_article.items()
        if (published := str(passages[0].metadata.get("published_at") or "")[:10])
        and reachable_support(question, passages) >= MIN_SUPPORT
    }
    if len(dated) < 2:
        return list(docs)
    newest = max(dated, key=lambda article: dated[article])
    return by_article[newest]
