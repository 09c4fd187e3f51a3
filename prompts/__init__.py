"""Versioned prompt templates, as text files beside this module: NAME.vN.system.txt and
NAME.vN.user.txt. They ship inside the wheel as package data, so an installed service finds them
from any working directory; service/llm/prompts.py turns them into LangChain prompts."""

from __future__ import annotations

from importlib.resources import files


def read(filename: str) -> str:
    """One prompt file's text, e.g. read("ask.v1.system.txt")."""
    return files(__name__).joinpath(filename).read_text(encoding="utf-8")
