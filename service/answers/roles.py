"""Is the person named in the answer the one who holds the role the question asks about?

"Who was the judge in the Tarrant Access case?" was answered with the worker who died: a name of
the passage, but not the judge's. News names a role beside its holder ("Judge Catherine Ormerod",
"Marcus Delaney, Brightwater's chief executive, said"), so an answer to "Who is/was (the) ... <role>
...?" must name someone a sentence of its passages names together with the role word.

Read offline before it was wired in (2026-12-04, eleventh session): on every such question of the
dev, tune and own sets (21, from "Who is India's federal commerce minister?" to "Who was the
employment judge in Joy Adebayo's case?"), the gold name and the role word share a sentence of the
article. "Who is leading the inquiry?" asks what someone does, not a role: not read as one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from langchain_core.documents import Document

from index.sentences import split_sentences
from service.answers.citations import strip_markers
from service.text.names import COMMON_STARTERS, NAME_WORD

_ROLE_ASKED = re.compile(
    r"^who (?:is|was|will be|has been|had been)\s+(?:the\s+)?(?P<role>.*?)"
    r"(?:\s+(?:of|in|at|for|from|on|with|to|during)\b.*)?\?*$",
    re.I,
)


def asked_role(question: str) -> str | None:
    """The role a "Who is the ...?" question asks about, as its last plain word ("chief executive"
    -> "executive", "the St Helens coach" -> "coach"); None for any other question."""
    match = _ROLE_ASKED.match(question.strip())
    if match is None:
        return None
    words = re.findall(r"[\w'’]+", match["role"])
    if not words or words[0].lower().endswith(("ing", "ed")):  # "who is leading", "who was charged"
        return None
    plain = [w for w in words if w.islower()]
    return plain[-1] if plain else None


def holds_another_role(question: str, answer: str, docs: Sequence[Document]) -> bool:
    """Whether no sentence of the passages names one of the answer's names with the role asked."""
    role = asked_role(question)
    if role is None:
        return False
    names = set(NAME_WORD.findall(strip_markers(answer))) - set(NAME_WORD.findall(question)) - COMMON_STARTERS
    if not names:
        return False  # no name to hold it (the type check refuses a who-answer without one)
    # The role's stem: "judge" meets "judges", "director" "directors", "chairman" "chairmen".
    said = re.compile(rf"\b{re.escape(role[: max(4, len(role) - 2)].lower())}")
    for doc in docs:
        for span in split_sentences(doc.page_content):
            sentence = span.text
            if said.search(sentence.lower()) and any(n in sentence for n in names):
                return False
    return True
