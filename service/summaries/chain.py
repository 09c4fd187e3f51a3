"""The brief chain: title, opening and the candidate lists -> the model's picks and its one sentence,
under a JSON schema built for the article (service/summaries/candidates.py makes the lists).

The schema only admits the article's own ids ("N1".."N12", "P1"...), so a pick can never name a
number or a person the article does not hold. Decoding is grammar-constrained on llama.cpp and
function-calling on OpenAI, so the draft always parses. The model never writes a quote, a number
or a name: the server attaches the sentence of each picked item and verifies it (draft.py,
grounding.py); the one thing it writes, `what`, is checked for numbers the article does not hold."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from langchain_core.language_models import BaseChatModel
from langchain_core.runnables import Runnable, RunnableBinding, RunnableSequence

from service.llm.prompts import load_prompt

if TYPE_CHECKING:
    from langchain_openai import ChatOpenAI

PROMPT = "summary"


def _picks(ids: Iterable[str], most: int) -> dict[str, Any]:
    choices = list(ids)
    if not choices:  # nothing to pick: only the empty list fits
        return {"type": "array", "maxItems": 0, "items": {"type": "string"}}
    return {"type": "array", "maxItems": most, "items": {"type": "string", "enum": choices}}


def brief_schema(counts: Iterable[str], who: Iterable[str], where: Iterable[str]) -> dict[str, Any]:
    """An OpenAI function description (passed through LangChain untouched, so the schema stays as
    written: its order is the order the model fills it in, picks first, the sentence last)."""
    parameters = {
        "type": "object",
        "properties": {
            "counts": _picks(counts, 8),
            "who": _picks(who, 8),
            "where": _picks(where, 4),
            "what": {"type": "string"},
        },
        "required": ["counts", "who", "where", "what"],
    }
    return {"name": "article_brief", "description": "The fact box of one news article.", "parameters": parameters}


def _structured(model: BaseChatModel, schema: dict[str, Any]) -> RunnableSequence:
    """LangChain's function-calling binding (tools, tool_choice, parallel_tool_calls) then its parser."""
    return cast(RunnableSequence, model.with_structured_output(schema, method="function_calling"))


def build_brief_chain(model: BaseChatModel, schema: dict[str, Any]) -> Runnable:
    """Input: {"title", "opening", "numbers", "who", "where"}. Output: a dict of the schema's shape."""
    return load_prompt(PROMPT) | _structured(model, schema)


# The OpenAI Batch API takes raw request bodies and returns raw response bodies. The two functions
# below take both from the chain above (its prompt, its bound model, its parser) rather than writing
# them by hand, so a batch line is the very request the direct path sends and its answer is read by
# the very parser the direct path uses. They lean on ChatOpenAI's payload builder and result reader
# (private methods); tests/e2e/test_openai_batch.py checks the body against what the chain sends.


def brief_request(model: ChatOpenAI, schema: dict[str, Any], inputs: dict[str, Any]) -> dict[str, Any]:
    """The JSON body the brief chain POSTs to /v1/chat/completions for these inputs."""
    binding = cast(RunnableBinding, _structured(model, schema).first)
    kwargs = {k: v for k, v in binding.kwargs.items() if not k.startswith("ls_")}  # tracing-only keys
    messages = load_prompt(PROMPT).invoke(inputs).to_messages()
    payload: dict[str, Any] = model._get_request_payload(messages, **kwargs)
    # The SDK merges extra_body into the top level of the JSON it sends; a batch line must do the same.
    return {**{k: v for k, v in payload.items() if k != "extra_body"}, **(payload.get("extra_body") or {})}


def parse_brief_response(model: ChatOpenAI, schema: dict[str, Any], body: dict[str, Any]) -> Any:
    """A /v1/chat/completions response body -> the draft the brief chain would have returned."""
    message = model._create_chat_result(body).generations[0].message
    return _structured(model, schema).last.invoke(message)
