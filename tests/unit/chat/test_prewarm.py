"""The rewriter prewarm: the prefix it sends is the follow-up's rewrite prompt up to the follow-up,
only the newest waiting conversation is sent, and a failure is nobody's error."""

from __future__ import annotations

import threading
import time
from typing import Any, cast

from langchain_core.language_models import BaseChatModel

from service.chat.condense import format_history
from service.chat.prewarm import CUT_AFTER, RewritePrewarm, prefix_messages
from service.llm.prompts import load_prompt

HISTORY = [("user", "How many women were freed?"), ("assistant", "84 women were freed [1].")]


class Recording:
    """A stand-in for the rewriter's client: records each prompt; the first call waits for `go`."""

    def __init__(self, fail: bool = False) -> None:
        self.prompts: list[list[Any]] = []
        self.go = threading.Event()
        self.fail = fail

    def invoke(self, messages: list[Any]) -> None:
        self.prompts.append(messages)
        self.go.wait(5)
        if self.fail:
            raise ConnectionError("rewriter gone")


def wait_idle(prewarm: RewritePrewarm) -> None:
    deadline = time.monotonic() + 5
    while not prewarm.idle() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert prewarm.idle()


def test_the_prefix_is_the_rewrite_prompt_up_to_the_follow_up() -> None:
    prefix = prefix_messages(HISTORY)
    full = load_prompt("condense").format_messages(
        history=format_history(HISTORY), question="And how many of them were minors?"
    )
    assert [m.content for m in prefix[:-1]] == [m.content for m in full[:-1]]  # the rules, the same
    cut = str(prefix[-1].content)
    assert cut.endswith(CUT_AFTER) and str(full[-1].content).startswith(cut)
    assert "Assistant: 84 women were freed." in cut  # the answer just given is read too


def test_only_the_newest_waiting_conversation_is_sent() -> None:
    model = Recording()
    prewarm = RewritePrewarm(cast(BaseChatModel, model))
    prewarm.after_turn(HISTORY)
    time.sleep(0.05)  # the first is being read ...
    prewarm.after_turn([*HISTORY, ("user", "Where?"), ("assistant", "In Peru [1].")])
    newest = [*HISTORY, ("user", "Who?"), ("assistant", "Peruvian police [1].")]
    prewarm.after_turn(newest)  # ... while two more come: only this one is sent next
    model.go.set()
    wait_idle(prewarm)
    assert len(model.prompts) == 2
    assert "Peruvian police" in str(model.prompts[1][-1].content)


def test_a_failed_prewarm_is_no_error() -> None:
    model = Recording(fail=True)
    model.go.set()
    prewarm = RewritePrewarm(cast(BaseChatModel, model))
    prewarm.after_turn(HISTORY)
    wait_idle(prewarm)
    prewarm.after_turn(HISTORY)  # and the next turn's prewarm still runs
    wait_idle(prewarm)
    assert len(model.prompts) == 2
