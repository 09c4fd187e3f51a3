"""The follow-up check of `newsdesk eval`: per article, a two-turn conversation whose second question
only makes sense after the first ("And how many of them were minors?"). A pair whose answer is null
asks what its article does not say ("And when will the brewery close?"): it scores when the second
turn abstains, kept apart from the answerable ones (`FollowupScore`), as the unanswerable questions
are in the qa part.

The pairs for the shared dev articles ship with the package (data/followups.json, written for the
project from the gold facts); an eval folder may bring its own followups.json. The first turn goes
through the chat service for real and its answer becomes the history, so a bad first answer can
spoil the follow-up, as it would for a user."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from service.chat import ChatService, Turn
from service.evaluation.scoring import answer_matches


def load_followups(folder: Path | None = None, ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """The pairs in `folder`/followups.json if there is one, else the packaged pairs; only those of
    the articles `ids` when given."""
    own = folder / "followups.json" if folder is not None else None
    if own is not None and own.exists():
        raw = own.read_text(encoding="utf-8")
    else:
        raw = files(__package__).joinpath("data", "followups.json").read_text(encoding="utf-8")
    pairs: list[dict[str, Any]] = json.loads(raw)
    wanted = set(ids) if ids is not None else None
    return [p for p in pairs if wanted is None or p["id"] in wanted]


@dataclass
class FollowupScore:
    """Answerable pairs: `hits` of `total` (a second answer that holds the gold answer). Pairs the
    article does not answer: `refused` of `unanswerable`. `failures`: the misses of both kinds."""

    hits: int = 0
    total: int = 0
    refused: int = 0
    unanswerable: int = 0
    failures: list[dict[str, Any]] = field(default_factory=list)


def run_followups(
    chat: ChatService, pairs: list[dict[str, Any]], echo: Callable[[str], None] = print
) -> FollowupScore:
    score = FollowupScore()
    for pair in pairs:
        first = chat.chat([Turn("user", pair["first"])]).out
        messages = [
            Turn("user", pair["first"]),
            Turn("assistant", first.answer),
            Turn("user", pair["second"]),
        ]
        second = chat.chat(messages).out
        if pair["answer"] is None:
            ok = second.abstained
            score.refused += int(ok)
            score.unanswerable += 1
        else:
            ok = not second.abstained and answer_matches(
                second.answer, pair["answer"], pair["answer_aliases"]
            )
            score.hits += int(ok)
            score.total += 1
        if not ok:
            score.failures.append(
                {
                    "id": pair["id"],
                    "first_answer": first.answer,  # a wrong first answer spoils the rewrite
                    "q": pair["second"],
                    "standalone": second.standalone_question,
                    "got": second.answer,
                }
            )
        kind = "follow-up" if pair["answer"] is not None else "unanswerable follow-up"
        echo(
            f"{'ok  ' if ok else 'MISS'} ({kind}) {pair['second']} [{second.standalone_question}] -> {second.answer}"
        )
    return score
