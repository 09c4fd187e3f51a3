"""The condense chain: conversation + follow-up -> one standalone question, so that retrieval for
"And how many of them were minors?" searches for the minors among the freed women, not for "them"."""

from __future__ import annotations

import re
from collections.abc import Sequence

from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.runnables import Runnable

from service.answers.citations import strip_markers
from service.llm.prompts import load_prompt

# The last few turns are enough to resolve a pronoun; older ones only slow the small model down.
MAX_TURNS = 6


def format_history(turns: Sequence[tuple[str, str]]) -> str:
    """(role, content) pairs -> "User: ..." lines; citation markers are noise for the rewrite."""
    lines = []
    for role, content in list(turns)[-MAX_TURNS:]:
        who = "User" if role == "user" else "Assistant"
        lines.append(f"{who}: {strip_markers(content).strip()}")
    return "\n".join(lines)


# What leans on the conversation: a reference back ("them", "that club", "the same period", "the
# other one") or an opening that continues it ("And how many...", "What about ...").
_LEANS_BACK = re.compile(
    r"^\W*(?:and|but|so|also|or|what about|how about)\b|\b(?:it|its|it's|they|them|their|theirs|"
    r"he|him|his|she|her|hers|this|that|these|those|there|then|same|other|others|such|former|latter|"
    r"one|ones|ago|before|earlier|later|instead)\b",
    re.IGNORECASE,
)
# Something the question names itself: a capitalised word after its first ("the Peruvian police",
# "Tren de Aragua") or a figure ("in 2004").
_NAMES_ITS_SUBJECT = re.compile(r"(?<=\s)[A-Z]|\d")  # only whether one is there


def stands_alone(question: str) -> bool:
    """Whether a follow-up can be searched and answered as it is, without the rewrite: it names its
    own subject and points back at nothing. The rewrite is one model call (about 2.4 s on 2 cores,
    most of it generating the question again), and its instructions say to return such a question
    unchanged; a new topic in a conversation ("Who leads the Peruvian police?") skips it. Anything
    doubtful is rewritten: "How many were minors?" names nothing, "that" may point back."""
    return _LEANS_BACK.search(question) is None and _NAMES_ITS_SUBJECT.search(question) is not None


def clean_rewrite(raw: str, fallback: str, asked: str | None = None) -> str:
    """The model's first non-empty line, without a "Rewritten:" echo; `fallback` if the rewrite is
    empty, runs away, or answers instead of rewriting (a small model sometimes does: the follow-up
    `asked` was a question and the "rewrite" is not)."""
    for line in raw.strip().splitlines():
        line = re.sub(
            r"^(rewritten( question)?|question|standalone question)\s*:\s*", "", line.strip(), flags=re.I
        )
        line = line.strip().strip('"').strip()
        if line:
            answered = asked is not None and asked.rstrip().endswith("?") and not line.endswith("?")
            runaway = len(line) > max(300, 3 * len(asked or fallback))  # measured on the follow-up itself
            return fallback if answered or runaway else line
    return fallback


def build_condense_chain(model: BaseChatModel) -> Runnable:
    """Input: {"history": str, "question": str}. Output: the raw rewrite (see `clean_rewrite`)."""
    return load_prompt("condense") | model | StrOutputParser()
