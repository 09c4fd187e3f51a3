"""The answer chain: numbered passages + question -> a short answer with [n] markers."""

from __future__ import annotations

from collections.abc import Sequence

from langchain_core.documents import Document
from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.runnables import Runnable

from service.llm.prompts import load_prompt

ABSTENTION = "The articles do not say."


def _label(doc: Document) -> str:
    """The passage's article title, and its publication date when known ("the latest figure")."""
    title = doc.metadata.get("title", "untitled")
    published = str(doc.metadata.get("published_at") or "")[:10]
    return f"{title}, {published}" if published else str(title)


def format_passages(docs: Sequence[Document]) -> str:
    return "\n\n".join(f"[{n}] ({_label(doc)}) {doc.page_content}" for n, doc in enumerate(docs, 1))


def answer_inputs(question: str, docs: Sequence[Document]) -> dict[str, str]:
    """The chain's input for a question over these passages."""
    return {"passages": format_passages(docs), "question": question}


def build_answer_chain(model: BaseChatModel) -> Runnable:
    """Input: {"passages": str, "question": str}. Output: the answer text, or the abstention."""
    return load_prompt("ask") | model | StrOutputParser()


def build_again_chain(model: BaseChatModel) -> Runnable:
    """The same input, asked again after the model abstained, with no way to abstain: the 1.5B
    model says "the articles do not say" to questions its passages answer (one in five on the dev
    set), and answers most of them when it must. Its answer is kept only if the server's checks
    (checks.py, support.py) find it grounded and on the question. Its rules are the answer
    prompt's but the last (the way out), so llama.cpp, which reuses the prefix a prompt shares with
    the one before, reads only that rule again, here and in the question after a retry."""
    return load_prompt("ask_again") | model | StrOutputParser()
