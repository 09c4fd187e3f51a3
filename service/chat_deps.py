"""The chat dependency, kept beside service.deps so the conversation feature stays in its own files."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from service.chat import ChatService
from service.deps import ContainerDep


def get_chat(container: ContainerDep) -> ChatService:
    return container.chat


ChatDep = Annotated[ChatService, Depends(get_chat)]
