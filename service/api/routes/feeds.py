"""Feeds: follow one, list them with their state, poll one now, stop following one."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Response

from service.api.deps import FeedsDep
from service.api.schemas.feeds import FeedIn, FeedList, FeedOut, ItemOut, PollOut
from service.sources import FeedRecord, PollReport
from service.sources.feed_store import GONE

router = APIRouter(prefix="/feeds", tags=["feeds"])


def feed_out(feed: FeedRecord) -> FeedOut:
    fields = asdict(feed)
    fields["next_poll_at"] = None if feed.status == GONE else feed.next_poll_at
    return FeedOut.model_validate(fields)


def poll_out(feed: FeedRecord, report: PollReport) -> PollOut:
    statuses = [i.status for i in report.items]
    return PollOut(
        feed=feed_out(feed),
        outcome=report.outcome,
        http_status=report.http_status,
        error=report.error,
        created=statuses.count("created"),
        updated=statuses.count("updated"),
        failed=statuses.count("failed"),
        items=[ItemOut.model_validate(asdict(i)) for i in report.items],
    )


@router.post("", response_model=FeedOut, status_code=201)
def add_feed(feeds: FeedsDep, body: FeedIn, response: Response) -> FeedOut:
    """Follow a feed: 201 when new, 200 with the existing feed when its URL is already followed.
    The feed is fetched once now (a refused or broken URL is an error here); its items come with
    the first poll, due at once."""
    feed, created = feeds.add(body.url, body.poll_minutes)
    response.status_code = 201 if created else 200
    return feed_out(feed)


@router.get("", response_model=FeedList)
def list_feeds(feeds: FeedsDep) -> FeedList:
    return FeedList(items=[feed_out(f) for f in feeds.all()])


@router.get("/{feed_id}", response_model=FeedOut)
def get_feed(feeds: FeedsDep, feed_id: str) -> FeedOut:
    return feed_out(feeds.get(feed_id))


@router.post("/{feed_id}/poll", response_model=PollOut)
def poll_feed(feeds: FeedsDep, feed_id: str) -> PollOut:
    """Poll now (409 `busy` while another worker polls it); returns what this poll did."""
    report = feeds.poll_now(feed_id)
    return poll_out(feeds.get(feed_id), report)


@router.delete("/{feed_id}", status_code=204)
def remove_feed(feeds: FeedsDep, feed_id: str) -> Response:
    """Stop following; the articles the feed brought stay."""
    feeds.remove(feed_id)
    return Response(status_code=204)
