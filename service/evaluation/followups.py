"""The follow-up check of `newsdesk eval`: per article, a two-turn conversation whose second question
only makes sense after the first ("And how many of them were minors?").

The pairs for the shared dev articles ship with the package (data/followups.json, written for the
project from the gold facts); an eval folder may bring its own followups.json. The first turn goes
through the chat service for real and its answer becomes the history, so a bad first answer can
spoil the follow-up, as it would for a user."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
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


def run_followups(
    chat: ChatService, pairs: list[dict[str, Any]], echo: Callable[[str], None] = print
) -> tuple[int, int, list[dict[str, Any]]]:
    """(hits, total, failures): a hit is a second answer that holds the gold answer and cites."""
    hits, failures = 0, []
    for pair in pairs:
        first = chat.chat([Turn("user", pair["first"])]).out
        messages = [
            Turn("user", pair["first"]),
            Turn("assistant", first.answer),
            Turn("user", pair["second"]),
        ]
        second = chat.chat(messages).out
        ok = not second.abstained and answer_matches(second.answer, pair["answer"], pair["answer_aliases"])
        hits += int(ok)
        if not ok:
            failures.append(
                {
                    "id": pair["id"],
                    "first_answer": first.answer,  # a wrong first answer spoils the rewrite
                    "q": pair["second"],
                    "standalone": second.standalone_question,
                    "got": second.answer,
                }
            )
        echo(
            f"{'ok  ' if ok else 'MISS'} (follow-up) {pair['second']} [{second.standalone_question}] -> {second.answer}"
        )
    return hits, len(pairs), failures
