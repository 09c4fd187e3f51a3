"""The language model: the one place that picks a backend (provider.py), the embedded llama.cpp
server and its weights, every call's error translation (calls.py) and the prompt templates."""

from service.llm.calls import call_llm, stream_llm, translate
from service.llm.prompts import load_prompt, prompt_id
from service.llm.provider import LlmProvider, build_provider, offline_provider

__all__ = [
    "LlmProvider",
    "build_provider",
    "call_llm",
    "load_prompt",
    "offline_provider",
    "prompt_id",
    "stream_llm",
    "translate",
]
