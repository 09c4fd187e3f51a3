from __future__ import annotations

from fastapi import APIRouter

from service.deps import AskerDep, SettingsDep
from service.errors import TooLarge
from service.schemas import AskIn, AskOut

router = APIRouter(tags=["ask"])


@router.post("/ask", response_model=AskOut)
def ask(body: AskIn, asker: AskerDep, settings: SettingsDep) -> AskOut:
    """Answer from the stored articles only, citing the passages used; abstain when they do not say."""
    if len(body.question) > settings.max_question_chars:
        raise TooLarge(
            f"question is {len(body.question)} characters; the limit is {settings.max_question_chars}"
        )
    return asker.ask(body.question, body.article_ids, body.k)
