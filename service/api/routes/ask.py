"""POST /ask: one question, answered from the stored articles with citations."""

from __future__ import annotations

from fastapi import APIRouter

from service.answers import Answer
from service.api.deps import AskerDep, SettingsDep
from service.api.limits import check_question
from service.api.schemas import AskIn, AskOut

router = APIRouter(tags=["ask"])


@router.post("/ask", response_model=AskOut)
def ask(body: AskIn, asker: AskerDep, settings: SettingsDep) -> Answer:
    """Answer from the stored articles only, citing the passages used; abstain when they do not say."""
    check_question(body.question, settings)
    return asker.ask(body.question, body.article_ids, body.k)
