"""The feeds family: FeedIn (follow a feed), FeedOut (its state), and what a poll did (PollOut)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class FeedIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(min_length=1, max_length=2_000)
    poll_minutes: int | None = Field(
        default=None, ge=1, le=10_080, description="default NEWSDESK_FEED_POLL_MINUTES"
    )


class FeedOut(BaseModel):
    id: str
    url: str
    title: str | None
    poll_minutes: int
    status: str  # active, or gone (the feed answered 410 and is no longer polled)
    last_poll_at: float | None
    next_poll_at: float | None  # None for a gone feed
    last_status: int | None  # HTTP status of the last poll (304: not modified)
    last_error: str | None
    items_seen: int
    fallbacks: int  # items stored from the feed's own content (the page held no article)
    failed: int
    created_at: float


class FeedList(BaseModel):
    items: list[FeedOut]


class ItemOut(BaseModel):
    url: str | None
    title: str | None
    status: str  # created, updated, unchanged, failed
    via: str | None  # page, or feed (the fallback)
    article_id: str | None
    note: str | None


class PollOut(BaseModel):
    feed: FeedOut
    outcome: str  # fetched, not_modified, rate_limited, gone, failed, stopped
    http_status: int | None
    error: str | None
    created: int
    updated: int
    failed: int
    items: list[ItemOut]


__all__ = ["FeedIn", "FeedList", "FeedOut", "ItemOut", "PollOut"]
