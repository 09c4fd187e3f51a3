"""Errors to HTTP in process: only storage faults get storage codes, anything unexpected is a plain
500 in the same JSON shape, and the page's files cannot be used to read outside their folder."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from chromadb.errors import ChromaError
from fastapi.testclient import TestClient

from index.errors import StoreFailure
from service.container import Container


@pytest.mark.parametrize(
    ("cause", "status", "code"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), 507, "store_full"),
        (OSError(errno.EFBIG, "File too large"), 507, "store_full"),
        (OSError(errno.EROFS, "Read-only file system"), 503, "store_read_only"),
        (ChromaError("failed to apply logs"), 503, "store_unavailable"),
    ],
)
def test_storage_faults_get_storage_codes(
    client: TestClient,
    container: Container,
    monkeypatch: pytest.MonkeyPatch,
    cause: BaseException,
    status: int,
    code: str,
) -> None:
    def failing(*args: object, **kwargs: object) -> None:
        raise StoreFailure("chunk upsert", cause)

    monkeypatch.setattr(container.indexer, "ingest_many", failing)
    response = client.post("/articles", json={"title": "Mill", "text": "The mill employs 40 people."})
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code and response.json()["error"]["message"]
    assert client.get("/health").status_code == 200  # the service stays up


def test_an_oserror_that_is_not_the_store_is_a_plain_500(
    client: TestClient, container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(*args: object, **kwargs: object) -> None:
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", "/nowhere/prompt.txt")

    monkeypatch.setattr(container.asker, "ask", missing)
    response = client.post("/ask", json={"question": "How many?"})
    assert response.status_code == 500
    assert response.json() == {
        "error": {"code": "internal_error", "message": "the service failed unexpectedly"}
    }


def test_a_real_store_failure_from_the_registry(
    client: TestClient, container: Container, tmp_path: Path
) -> None:
    """The registry's own SQLite error (its database closed under it) arrives as a storage fault."""
    import sqlite3

    broken = sqlite3.connect(tmp_path / "x.db")
    broken.close()
    real = container.registry._conn
    container.registry._conn = broken
    try:
        response = client.get("/articles")
    finally:
        container.registry._conn = real
    assert response.status_code == 503 and response.json()["error"]["code"] == "store_unavailable"


@pytest.mark.parametrize("path", ["/web/nope.js", "/web/..%2F..%2Fconfig.py", "/web/%2E%2E/app.py", "/web/"])
def test_page_files_are_only_the_page(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_the_page_and_its_scripts(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    script = client.get("/web/main.js")
    assert (
        script.headers["content-type"].startswith("text/javascript")
        and script.headers["cache-control"] == "no-cache"
    )
