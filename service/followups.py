"""The follow-up check of `newsdesk eval`: per article, a two-turn conversation whose second
question only makes sense after the first ("And how many of them were minors?").

The pairs live in tests/data/followups.json, written for the project from the gold facts. The
first turn goes through the chat service for real and its answer becomes the history, so a bad
first answer can spoil the follow-up, as it would for a user."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from service.config import PROJECT_ROOT

FOLLOWUPS = PROJECT_ROOT / "tests" / "data" / "followups.json"


def load_followups(path: Path = FOLLOWUPS, ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
    pairs: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    wanted = set(ids) if ids is not None else None
    return [p for p in pairs if wanted is None or p["id"] in wanted]


def run_followups(
    chat: Any, pairs: list[dict[str, Any]], echo: Callable[[str], None] = print
) -> tuple[int, int, list[dict[str, Any]]]:
    """(hits, total, failures): a hit is a second answer that holds the gold answer and cites."""
    from service.chat_schemas import ChatMessage
    from service.evaluation import answer_matches

    hits, failures = 0, []
    for pair in pairs:
        first = chat.chat([ChatMessage(role="user", content=pair["first"])]).out
        messages = [
            ChatMessage(role="user", content=pair["first"]),
            ChatMessage(role="assistant", content=first.answer),
            ChatMessage(role="user", content=pair["second"]),
        ]
        second = chat.chat(messages).out
        ok = not second.abstained and answer_matches(second.answer, pair["answer"], pair["answer_aliases"])
        hits += int(ok)
        if not ok:
            failures.append(
                {
                    "id": pair["id"],
                    "q": pair["second"],
                    "standalone": second.standalone_question,
                    "got": second.answer,
                }
            )
        echo(
            f"{'ok  ' if ok else 'MISS'} (follow-up) {pair['second']} [{second.standalone_question}] -> {second.answer}"
        )
    return hits, len(pairs), failures
