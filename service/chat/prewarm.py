"""The rewriter reads a conversation while its reader does, before the follow-up comes.

A follow-up's rewrite (condense.py) is one call to the rewriter process, and about half of it is
reading the prompt: the rules, which stay cached in llama.cpp, and the conversation, which is new
each time. llama.cpp keeps the evaluated state of its last prompt and re-reads a new one only from
where the two stop sharing tokens. So as soon as a turn is answered, the conversation so far (with
that answer) is sent to the idle rewriter, cut just before the follow-up would stand: if a
follow-up comes, its rewrite reads only the follow-up itself. The answer is never waited for and
nothing depends on it: a prewarm that fails or is overtaken costs a second of an idle core.

Only for the embedded backend's second process (Settings.llm_rewriter_process): on one process it
would evict the answer prompt the next question needs, and on a hosted API it would be paid for."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage

from service.chat.condense import format_history
from service.llm.prompts import load_prompt

log = logging.getLogger(__name__)

# The condense prompt's user message ends "Last question: {question}\nRewritten:"; everything up to
# this marker is the same text, and so the same tokens, as the follow-up's rewrite prompt will be.
CUT_AFTER = "Last question:"


def prefix_messages(history: Sequence[tuple[str, str]]) -> list[BaseMessage]:
    """The condense prompt for this conversation, its last message cut after `CUT_AFTER`."""
    messages = load_prompt("condense").format_messages(history=format_history(history), question="")
    last = str(messages[-1].content)
    messages[-1] = HumanMessage(last[: last.rindex(CUT_AFTER) + len(CUT_AFTER)])
    return messages


class RewritePrewarm:
    """Sends each answered conversation's prefix to the rewriter on one background thread; while
    one is being read, only the newest waiting conversation is kept (llama.cpp caches one prompt)."""

    def __init__(self, model: BaseChatModel) -> None:
        self._model = model  # the rewriter's client, max_tokens=1: the reply is thrown away
        self._lock = threading.Lock()
        self._pending: list[BaseMessage] | None = None
        self._busy = False

    def after_turn(self, history: Sequence[tuple[str, str]]) -> None:
        """`history`: the conversation's (role, content) pairs, ending with the answer just given."""
        messages = prefix_messages(history)
        with self._lock:
            self._pending = messages
            if self._busy:
                return
            self._busy = True
        threading.Thread(target=self._drain, name="rewrite-prewarm", daemon=True).start()

    def idle(self) -> bool:
        with self._lock:
            return not self._busy

    def _drain(self) -> None:
        while True:
            with self._lock:
                messages, self._pending = self._pending, None
                if messages is None:
                    self._busy = False
                    return
            try:
                self._model.invoke(messages)
            except Exception as exc:  # best effort: the follow-up's rewrite reads it all instead
                log.info("rewriter prewarm failed (%s): %s", type(exc).__name__, exc)
