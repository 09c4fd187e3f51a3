"""Prompt templates live as versioned text files in prompts/: NAME.vN.system.txt and NAME.vN.user.txt.

The version is part of every summary's cache key, so editing a prompt means adding vN+1."""

from __future__ import annotations

from functools import lru_cache

from langchain_core.prompts import ChatPromptTemplate

from service.config import PROMPTS_DIR

VERSIONS = {"ask": "v1", "summary": "v1", "collapse": "v1", "condense": "v1"}


def prompt_id(name: str) -> str:
    return f"{name}.{VERSIONS[name]}"


@lru_cache
def load_prompt(name: str) -> ChatPromptTemplate:
    stem = PROMPTS_DIR / prompt_id(name)
    system = stem.with_name(stem.name + ".system.txt").read_text(encoding="utf-8").strip()
    user = stem.with_name(stem.name + ".user.txt").read_text(encoding="utf-8").strip()
    # The system text is literal (no variables): escape braces so examples in it stay as written.
    system = system.replace("{", "{{").replace("}", "}}")
    return ChatPromptTemplate.from_messages([("system", system), ("human", user)])
