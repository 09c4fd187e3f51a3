"""Ingest a stream of loaded records (the CLI's files and folders) in batches, one verdict per record.

Records are checked one by one, so a bad record is reported as itself and never sinks its
neighbours; the good ones go to the indexer in groups, whose chunks are embedded together and
written with one upsert and one commit (bench/ingest.py: one article per call runs at ~0.8x of 25 a
call). A group that fails to write is written by nobody: each of its records gets the group's
error, and the registry and Chroma hold none of them. When the store itself fails (a full or
read-only disk), the run stops there with that error rather than embed group after group for
nothing."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pydantic import ValidationError

from index.errors import StoreFailure
from index.load import Loaded, LoadError
from index.pipeline import IngestResult
from service.articles.models import ArticleIn
from service.articles.service import ArticleService
from service.errors import NewsdeskError
from service.storage import diagnose

GROUP = 25  # articles per indexer call, as in a POST of a list


@dataclass
class Verdict:
    where: str
    result: IngestResult | None = None
    error: str | None = None


def ingest_records(
    service: ArticleService, items: Iterable[Loaded | LoadError], group: int = GROUP
) -> Iterator[Verdict]:
    """One Verdict per item, in order of input once each group is written."""
    pending: list[tuple[str, ArticleIn]] = []
    for item in items:
        if isinstance(item, LoadError):
            yield from _flush(service, pending)
            yield Verdict(item.where, error=item.message)
            continue
        try:
            article = ArticleIn.model_validate(item.record)
            service.check([article])
        except (ValidationError, NewsdeskError) as exc:
            yield from _flush(service, pending)
            message = exc.message if isinstance(exc, NewsdeskError) else str(exc.errors()[0]["msg"])
            yield Verdict(item.where, error=message)
            continue
        pending.append((item.where, article))
        if len(pending) >= group:
            yield from _flush(service, pending)
    yield from _flush(service, pending)


def _flush(service: ArticleService, pending: list[tuple[str, ArticleIn]]) -> Iterator[Verdict]:
    if not pending:
        return
    batch, pending[:] = list(pending), []
    try:
        results = service.ingest([article for _, article in batch])
    except NewsdeskError as exc:
        for where, _ in batch:
            yield Verdict(where, error=exc.message)
        return
    except StoreFailure as exc:
        error = diagnose(service.settings.data_dir, exc)
        for where, _ in batch:
            yield Verdict(where, error=error.message)
        raise error from exc
    for (where, _), result in zip(batch, results, strict=True):
        yield Verdict(where, result=result)
