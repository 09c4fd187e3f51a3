"""The in-process web-ingest tests (by URL, feeds): the fixture site, and an app allowed to fetch from it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from index.embed import MiniLMEmbeddings
from service.container import Container
from tests.fault_llm import FaultyLlm
from tests.news_site import NewsSite
from tests.unit.api.conftest import build, serve


@pytest.fixture(scope="module")
def site() -> Iterator[NewsSite]:
    with NewsSite() as news:
        yield news


@pytest.fixture(autouse=True)
def no_rules(site: NewsSite) -> Iterator[None]:
    yield
    site.rules.clear()


@pytest.fixture(scope="module")
def web_container(
    tmp_path_factory: pytest.TempPathFactory, scripted: FaultyLlm, embeddings: MiniLMEmbeddings
) -> Iterator[Container]:
    """NEWSDESK_FETCH_ALLOW=127.0.0.1, a 2 s fetch deadline, a 300 kB cap, no background poller
    (these tests poll by hand; one test starts its own)."""
    parts = build(
        tmp_path_factory.mktemp("web"),
        scripted,
        embeddings,
        fetch_allow="127.0.0.1",
        fetch_timeout_s=2.0,
        fetch_max_bytes=300_000,
        feed_check_interval_s=0,
    )
    yield parts
    parts.close()


@pytest.fixture(scope="module")
def web(web_container: Container) -> Iterator[TestClient]:
    with serve(web_container) as http:
        yield http


def total(client: TestClient) -> int:
    return int(client.get("/articles").json()["total"])
