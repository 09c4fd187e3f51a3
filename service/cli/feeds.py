"""`newsdesk feeds add|list|poll|remove`: the feeds of the data dir, without HTTP. A poll here takes
the same lease as the server's poller, so the two never poll one feed at once."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from service.container import Container

feeds = typer.Typer(no_args_is_help=True, help="Follow RSS/Atom feeds: add, list, poll, remove.")


@contextmanager
def _container() -> Iterator[Container]:
    from service.config import get_settings
    from service.container import Container
    from service.errors import NewsdeskError

    container = Container.build(get_settings(), with_llm=False)
    try:
        yield container
    except NewsdeskError as exc:
        typer.echo(f"error: {exc.message} ({exc.code})", err=True)
        raise typer.Exit(1) from None
    finally:
        container.close()


def _show(record: object) -> None:
    typer.echo(json.dumps(asdict(record), default=str))  # type: ignore[call-overload]


@feeds.command("add")
def add(
    url: Annotated[str, typer.Argument(help="the feed's http(s) URL")],
    poll_minutes: Annotated[int | None, typer.Option(min=1, max=10_080, help="minutes between polls")] = None,
) -> None:
    """Follow a feed (fetched once now to check it); its items come with the next poll."""
    with _container() as parts:
        feed, created = parts.feeds.add(url, poll_minutes)
        _show(feed)
        if not created:
            typer.echo("already followed", err=True)


@feeds.command("list")
def list_feeds() -> None:
    """One JSON line per feed: status, last poll, items seen, last error."""
    with _container() as parts:
        for feed in parts.feeds.all():
            _show(feed)


@feeds.command("poll")
def poll(
    feed_id: Annotated[
        str | None, typer.Argument(help="a feed id; without one, every feed that is due")
    ] = None,
) -> None:
    """Poll one feed now, or every due feed; one JSON line per poll."""
    with _container() as parts:
        reports = [parts.feeds.poll_now(feed_id)] if feed_id else parts.feeds.poll_due()
        for report in reports:
            statuses = [i.status for i in report.items]
            summary = {k: statuses.count(k) for k in ("created", "updated", "unchanged", "failed")}
            typer.echo(json.dumps({"feed_id": report.feed_id, "outcome": report.outcome,
                                   "http_status": report.http_status, "error": report.error, **summary}))  # fmt: skip


@feeds.command("remove")
def remove(feed_id: Annotated[str, typer.Argument(help="the feed's id")]) -> None:
    """Stop following a feed; the articles it brought stay."""
    with _container() as parts:
        parts.feeds.remove(feed_id)
