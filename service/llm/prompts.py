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
