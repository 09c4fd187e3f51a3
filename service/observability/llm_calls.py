"""Every chat-model call LangChain makes, counted with its latency and tokens: a callback handler
set as the default of a context variable registered as a configure hook, so LangChain adds it to
every run in every thread without the chains knowing about metrics."""

from __future__ import annotations

import threading
import time
from contextvars import ContextVar
from typing import Any
from uuid import UUID

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.outputs import LLMResult
from langchain_core.tracers.context import register_configure_hook

from service.observability.metrics import LLM_CALLS, LLM_LATENCY, LLM_TOKENS


class LlmMetrics(BaseCallbackHandler):
    """Counts every chat-model call LangChain makes, with its tokens when the server reports them."""

    def __init__(self) -> None:
        self._started: dict[UUID, float] = {}
        self._lock = threading.Lock()

    def on_chat_model_start(self, serialized: Any, messages: Any, *, run_id: UUID, **kwargs: Any) -> None:
        with self._lock:
            self._started[run_id] = time.perf_counter()

    def on_llm_start(self, serialized: Any, prompts: Any, *, run_id: UUID, **kwargs: Any) -> None:
        with self._lock:
            self._started[run_id] = time.perf_counter()

    def _finish(self, run_id: UUID, outcome: str) -> None:
        with self._lock:
            started = self._started.pop(run_id, None)
        LLM_CALLS.labels(outcome).inc()
        if started is not None:
            LLM_LATENCY.observe(time.perf_counter() - started)

    def on_llm_end(self, response: LLMResult, *, run_id: UUID, **kwargs: Any) -> None:
        self._finish(run_id, "ok")
        usage = dict((response.llm_output or {}).get("token_usage") or {})
        if not usage:
            # Streaming and some servers only put usage on the message itself.
            for generation in (g for gens in response.generations for g in gens):
                meta = getattr(getattr(generation, "message", None), "usage_metadata", None) or {}
                usage["prompt_tokens"] = usage.get("prompt_tokens", 0) + meta.get("input_tokens", 0)
                usage["completion_tokens"] = usage.get("completion_tokens", 0) + meta.get("output_tokens", 0)
        LLM_TOKENS.labels("in").inc(int(usage.get("prompt_tokens") or 0))
        LLM_TOKENS.labels("out").inc(int(usage.get("completion_tokens") or 0))

    def on_llm_error(self, error: BaseException, *, run_id: UUID, **kwargs: Any) -> None:
        self._finish(run_id, "error")


# A context variable whose default is the handler makes LangChain add it to every run, everywhere.
_llm_metrics_var: ContextVar[LlmMetrics | None] = ContextVar(
    "newsdesk_llm_metrics",
    default=LlmMetrics(),  # noqa: B039 -- one shared, thread-safe handler is the point
)
register_configure_hook(_llm_metrics_var, inheritable=True)
