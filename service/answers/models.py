"""What an answer is: the text the user reads, the citations its [n] markers point to, and whether
the server replaced it with the abstention sentence; and the model's raw reply it was made from."""

from __future__ import annotations

from dataclasses import dataclass

from langchain_core.documents import Document
from pydantic import BaseModel, Field


class Citation(BaseModel):
    n: int = Field(description="the [n] marker in the answer")
    article_id: str
    title: str
    url: str | None = None
    chunk_id: str
    quote: str


class Answer(BaseModel):
    answer: str
    citations: list[Citation]
    abstained: bool


@dataclass(frozen=True)
class Reply:
    """The model's raw answer, and whether it came only when asked again after an abstention.
    `hopeless`: no answer could have cleared the gate over these passages, so the model was not
    asked (again): the abstention stands, with no count put in its place (`finish`). `docs`: the
    passages the reply was written over, when wider than the ones retrieved (`widen`); the checks
    and citations then read those."""

    text: str
    asked_again: bool = False
    hopeless: bool = False
    docs: tuple[Document, ...] = ()
