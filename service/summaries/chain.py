"""The summary chain: article + its candidate names and numbers -> a draft under a per-article JSON schema.

Small models are lazy list-makers: asked for "the people in the story" a 1.5B model names two.
So the schema is built for each article and *requires* a verdict on every candidate: each
capitalised name gets a kind (person / organisation / place / other) and each numeric mention
(N1, N2, ...) a salient flag and a label. Decoding is grammar-constrained on llama.cpp and
function-calling on OpenAI, so the draft always parses and is always complete.

The model never writes quotes or numbers: the server attaches the article sentence of each item
and verifies it (draft.py, grounding.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.runnables import Runnable, RunnableBinding, RunnableSequence

from service.llm.prompts import load_prompt

if TYPE_CHECKING:
    from langchain_openai import ChatOpenAI

KINDS = ["person", "organisation", "place", "other"]


def summary_schema(names: Sequence[str], mention_count: int) -> dict[str, Any]:
    """An OpenAI function description (passed through LangChain untouched, so `$defs` stay shared and
    the schema the model reads stays short: it is rendered into the prompt)."""
    ids = [f"N{n}" for n in range(1, mention_count + 1)]
    parameters = {
        "type": "object",
        "$defs": {
            "kind": {"type": "string", "enum": KINDS},
            "number": {
                "type": "object",
                "properties": {"salient": {"type": "boolean"}, "of_what": {"type": "string"}},
                "required": ["salient", "of_what"],
            },
        },
        "properties": {
            "names": {
                "type": "object",
                "properties": {name: {"$ref": "#/$defs/kind"} for name in names},
                "required": list(names),
            },
            "more_who": {"type": "array", "maxItems": 4, "items": {"type": "string"}},
            "what": {"type": "string"},
            "numbers": {
                "type": "object",
                "properties": {i: {"$ref": "#/$defs/number"} for i in ids},
                "required": ids,
            },
        },
        "required": ["names", "more_who", "what", "numbers"],
    }
    return {
        "name": "article_summary",
        "description": "Summary of one news article.",
        "parameters": parameters,
    }


def _structured(model: BaseChatModel, schema: dict[str, Any]) -> RunnableSequence:
    """LangChain's function-calling binding (tools, tool_choice, parallel_tool_calls) then its parser."""
    return cast(RunnableSequence, model.with_structured_output(schema, method="function_calling"))


def build_summary_chain(model: BaseChatModel, schema: dict[str, Any]) -> Runnable:
    """Input: {"title", "text", "names", "numbers"}. Output: a dict of the schema's shape."""
    return load_prompt("summary") | _structured(model, schema)


# The OpenAI Batch API takes raw request bodies and returns raw response bodies. The two functions
# below take both from the chain above (its prompt, its bound model, its parser) rather than writing
# them by hand, so a batch line is the very request the direct path sends and its answer is read by
# the very parser the direct path uses. They lean on ChatOpenAI's payload builder and result reader
# (private methods); tests/e2e/test_openai_batch.py checks the body against what the chain sends.


def summary_request(model: ChatOpenAI, schema: dict[str, Any], inputs: dict[str, Any]) -> dict[str, Any]:
    """The JSON body the summary chain POSTs to /v1/chat/completions for these inputs."""
    binding = cast(RunnableBinding, _structured(model, schema).first)
    kwargs = {k: v for k, v in binding.kwargs.items() if not k.startswith("ls_")}  # tracing-only keys
    messages = load_prompt("summary").invoke(inputs).to_messages()
    payload: dict[str, Any] = model._get_request_payload(messages, **kwargs)
    # The SDK merges extra_body into the top level of the JSON it sends; a batch line must do the same.
    return {**{k: v for k, v in payload.items() if k != "extra_body"}, **(payload.get("extra_body") or {})}


def parse_summary_response(model: ChatOpenAI, schema: dict[str, Any], body: dict[str, Any]) -> Any:
    """A /v1/chat/completions response body -> the draft the summary chain would have returned."""
    message = model._create_chat_result(body).generations[0].message
    return _structured(model, schema).last.invoke(message)


def build_collapse_chain(model: BaseChatModel) -> Runnable:
    """Input: {"sentences": str}. Output: one sentence for the whole article (map-reduce's reduce)."""
    return load_prompt("collapse") | model | StrOutputParser()
