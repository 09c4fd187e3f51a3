"""A follow-up's passages: from the article the conversation is about, when that article can answer.

A rewritten follow-up ("Where was the match between Spain and England?") is searched twice: in the
article the previous question was about, and in the whole collection. Mixed, the passages of other
articles that happen to speak of a match between two sides can win: among 1,000 generated articles
the 1.5B model answered "at the European Championship" from one of them, while the conversation's
own article says the friendly was played in Madrid (`newsdesk eval ../shared/data/dev --only
followups --distractors 1000`, 2026-12-04). So when every name the follow-up asks about stands in
the conversation's article and its passages could carry an answer past the support gate, only they
are read; a follow-up that names something else ("And what about Brightwater?") still searches the
collection, as before."""

from __future__ import annotations

from langchain_core.documents import Document

from index.clean import fold
from service.answers.support import MIN_SUPPORT, meets_name, question_names, reachable_support

# Passages a follow-up takes from the article the previous question was about when mixed with the
# collection's (of k, usually 4).
FROM_PREVIOUS = 2


def stays_with(question: str, previous: list[Document], carried: frozenset[str] = frozenset()) -> bool:
    """Whether the previous article's passages alone should answer the follow-up."""
    names = question_names(question)
    if not names or not previous:
        return False
    text = fold(" ".join(f"{d.metadata.get('title', '')} {d.page_content}" for d in previous))
    return (
        all(meets_name(name, text) for name in names)
        and reachable_support(question, previous, carried) >= MIN_SUPPORT
    )


def following_passages(
    question: str, previous: list[Document], collection: list[Document], k: int, carried: frozenset[str]
) -> list[Document]:
    """The previous article's passages alone when they can answer (`stays_with`); else its best
    `FROM_PREVIOUS`, then the collection's best, up to k."""
    if stays_with(question, previous, carried):
        return previous[:k]
    by_id: dict[str, Document] = {}
    for doc in previous[:FROM_PREVIOUS] + collection:
        by_id.setdefault(str(doc.id), doc)
    return list(by_id.values())[:k]
