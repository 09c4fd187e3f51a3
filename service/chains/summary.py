"""The summary chain: article + its candidate names and numbers -> a draft under a per-article JSON schema.

Small models are lazy list-makers: asked for "the people in the story" a 1.5B model names two.
So the schema is built for each article and *requires* a verdict on every candidate: each
capitalised name gets a kind (person / organisation / place / other) and each numeric mention
(N1, N2, ...) a salient flag and a label. Decoding is grammar-constrained on llama.cpp and
function-calling on OpenAI, so the draft always parses and is always complete.

The model never writes quotes or numbers: the server attaches the article sentence of each item
and verifies it (service.summaries, service.grounding)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.runnables import Runnable

from service.prompts import load_prompt

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


def build_summary_chain(model: BaseChatModel, schema: dict[str, Any]) -> Runnable:
    """Input: {"title", "text", "names", "numbers"}. Output: a dict of the schema's shape."""
    return load_prompt("summary") | model.with_structured_output(schema, method="function_calling")


def build_collapse_chain(model: BaseChatModel) -> Runnable:
    """Input: {"sentences": str}. Output: one sentence for the whole article (map-reduce's reduce)."""
    return load_prompt("collapse") | model | StrOutputParser()
