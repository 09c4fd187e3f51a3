"""Every LLM call goes through here, so a model that times out, is down or returns junk becomes one
of the product's own errors (LlmTimeout 504, LlmError 503, LlmBadOutput 502) in one place."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import openai
from langchain_core.exceptions import OutputParserException
from langchain_core.runnables import Runnable
from pydantic import ValidationError

from service.errors import LlmBadOutput, LlmError, LlmTimeout


def translate(exc: Exception) -> LlmError:
    if isinstance(exc, openai.APITimeoutError):
        return LlmTimeout("the language model did not answer within the configured deadline")
    if isinstance(exc, openai.APIConnectionError):
        return LlmError("the language model server cannot be reached")
    if isinstance(exc, openai.RateLimitError):
        return LlmError("the language model provider is rate limiting; try again later")
    if isinstance(exc, openai.APIStatusError):
        return LlmError(f"the language model server answered HTTP {exc.status_code}")
    if isinstance(exc, OutputParserException | ValidationError | ValueError | KeyError | TypeError):
        return LlmBadOutput(f"the language model returned output that does not fit the schema: {exc}"[:500])
    return LlmError(f"the language model call failed: {type(exc).__name__}")


def call_llm(chain: Runnable, inputs: dict[str, Any]) -> Any:
    try:
        result = chain.invoke(inputs)
    except LlmError:
        raise
    except Exception as exc:
        raise translate(exc) from exc
    if result is None:
        raise LlmBadOutput("the language model returned no structured output")
    return result


def stream_llm(chain: Runnable, inputs: dict[str, Any]) -> Iterator[str]:
    try:
        for piece in chain.stream(inputs):
            yield str(piece)
    except LlmError:
        raise
    except Exception as exc:
        raise translate(exc) from exc
