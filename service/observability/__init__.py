"""Observability: the Prometheus metrics, defined once (metrics.py), and the LangChain hook that
counts every LLM call (llm_calls.py; importing this package installs it, once per process)."""

from service.observability import llm_calls, metrics

__all__ = ["llm_calls", "metrics"]
