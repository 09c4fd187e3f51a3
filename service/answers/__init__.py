"""Answers: the ask service (retrieve, answer, check, cite), the answer chain, the checks that turn
an ungrounded answer into the abstention sentence, the tight context, and [n] citation markers."""

from service.answers.chain import (
    ABSTENTION,
    answer_inputs,
    build_again_chain,
    build_answer_chain,
    format_passages,
)
from service.answers.checks import abstains
from service.answers.citations import MarkerRenumber, renumber, strip_markers, used_markers
from service.answers.models import Answer, Citation, Reply
from service.answers.service import AskService, abstention
from service.answers.vectors import KeptVectors

__all__ = [
    "ABSTENTION",
    "Answer",
    "AskService",
    "Citation",
    "KeptVectors",
    "MarkerRenumber",
    "Reply",
    "abstains",
    "abstention",
    "answer_inputs",
    "build_again_chain",
    "build_answer_chain",
    "format_passages",
    "renumber",
    "strip_markers",
    "used_markers",
]
