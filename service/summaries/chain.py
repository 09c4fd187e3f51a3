"""The gist chain: the article's title and opening -> one sentence, its `what`.

That sentence is all the model writes for a brief: who, where and how many are chosen by rule from
spaCy's reading of the whole article (facts.py, selection.py), so the model reads a couple of
hundred tokens and writes a few dozen, whatever the article's length. The server checks the
sentence (draft.py): one sentence, at most 40 words, no number the article does not hold."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.runnables import Runnable

from service.llm.prompts import load_prompt

if TYPE_CHECKING:
    from langchain_openai import ChatOpenAI

PROMPT = "summary"


def build_gist_chain(model: BaseChatModel) -> Runnable:
    """Input: {"title", "opening"}. Output: the sentence as written."""
    return load_prompt(PROMPT) | model | StrOutputParser()


# The OpenAI Batch API takes raw request bodies and returns raw response bodies. The two functions
# below take both from the chain above (its prompt, its model) rather than writing them by hand, so
# a batch line is the very request the direct path sends. They lean on ChatOpenAI's payload builder
# and result reader (private methods); tests/e2e/test_openai_batch.py checks the body against what
# the chain sends.


def gist_request(model: ChatOpenAI, inputs: dict[str, Any]) -> dict[str, Any]:
    """The JSON body the gist chain POSTs to /v1/chat/completions for these inputs."""
    messages = load_prompt(PROMPT).invoke(inputs).to_messages()
    payload: dict[str, Any] = model._get_request_payload(messages)
    # The SDK merges extra_body into the top level of the JSON it sends; a batch line must do the same.
    return {**{k: v for k, v in payload.items() if k != "extra_body"}, **(payload.get("extra_body") or {})}


def parse_gist_response(model: ChatOpenAI, body: dict[str, Any]) -> str:
    """A /v1/chat/completions response body -> the sentence the gist chain would have returned."""
    return str(model._create_chat_result(body).generations[0].message.content)
