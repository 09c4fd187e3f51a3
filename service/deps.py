"""FastAPI dependencies as Annotated aliases: routes declare what they need, the container provides it."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from index.pipeline import Indexer
from index.registry import Registry
from service.answers import AskService
from service.config import Settings
from service.container import Container
from service.summaries import SummaryService


def get_container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


ContainerDep = Annotated[Container, Depends(get_container)]


def get_settings_dep(container: ContainerDep) -> Settings:
    return container.settings


def get_indexer(container: ContainerDep) -> Indexer:
    return container.indexer


def get_registry(container: ContainerDep) -> Registry:
    return container.registry


def get_asker(container: ContainerDep) -> AskService:
    return container.asker


def get_summarizer(container: ContainerDep) -> SummaryService:
    return container.summarizer


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
IndexerDep = Annotated[Indexer, Depends(get_indexer)]
RegistryDep = Annotated[Registry, Depends(get_registry)]
AskerDep = Annotated[AskService, Depends(get_asker)]
SummarizerDep = Annotated[SummaryService, Depends(get_summarizer)]
