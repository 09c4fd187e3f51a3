"""Prompt templates as LangChain prompts. The text lives in the top-level `prompts` package as
versioned files (NAME.vN.system.txt, NAME.vN.user.txt); the version is part of every summary's
cache key, so editing a prompt means adding vN+1."""

from __future__ import annotations

from functools import lru_cache

from langchain_core.prompts import ChatPromptTemplate

import prompts

VERSIONS = {"ask": "v2", "ask_again": "v2", "summary": "v2", "condense": "v1"}


def prompt_id(name: str) -> str:
    return f"{name}.{VERSIONS[name]}"


@lru_cache
def load_prompt(name: str) -> ChatPromptTemplate:
    stem = prompt_id(name)
    system = prompts.read(f"{stem}.system.txt").strip()
    user = prompts.read(f"{stem}.user.txt").strip()
    # The system text is literal (no variables): escape braces so examples in it stay as written.
    system = system.replace("{", "{{").replace("}", "}}")
    return ChatPromptTemplate.from_messages([("system", system), ("human", user)])


@lru_cache
def load_retry(name: str, base: str, said: str) -> ChatPromptTemplate:
    """`base`'s prompt, the model's reply `said`, then NAME.vN.user.txt as the next user turn.

    The rendered text starts exactly as `base`'s does, so llama.cpp reuses the KV state it kept from
    the call that just ran: the retry pays for its own few tokens, not again for the passages."""
    turn = prompts.read(f"{prompt_id(name)}.user.txt").strip()
    escape = str.maketrans({"{": "{{", "}": "}}"})
    return ChatPromptTemplate.from_messages(
        [*load_prompt(base).messages, ("ai", said.translate(escape)), ("human", turn.translate(escape))]
    )
