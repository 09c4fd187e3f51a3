"""`newsdesk ingest URL...` and `newsdesk ingest --urls FILE`: pages fetched (guarded client) and
extracted one by one, ingested in groups like files are (service/articles/bulk.py), each URL
reported as itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from index.load import Loaded, LoadError
    from service.sources import PageIngest


def looks_like_url(text: str) -> bool:
    return "://" in text or text.lower().startswith(("http:", "https:"))


def read_url_file(path: Path) -> list[tuple[str, str]]:
    """(where, url) for each line that is not blank or a # comment."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(f"{path}:{n}", line.strip()) for n, line in enumerate(lines, 1) if line.strip() and not line.lstrip().startswith("#")]  # fmt: skip


def fetched_records(pages: PageIngest, urls: list[tuple[str, str]]) -> Iterator[Loaded | LoadError]:
    """Each URL's article as a record for ingest_records, or its error; fetched as they are read."""
    from pydantic import ValidationError

    from index.load import Loaded, LoadError
    from service.errors import NewsdeskError
    from service.sources import ArticleUrlIn

    for where, url in urls:
        try:
            article = pages.article(ArticleUrlIn(url=url))
        except NewsdeskError as exc:
            yield LoadError(where, f"{exc.message} ({exc.code})")
            continue
        except ValidationError as exc:
            yield LoadError(where, str(exc.errors()[0]["msg"]))
            continue
        yield Loaded(where, article.model_dump(mode="json", exclude_none=True))
