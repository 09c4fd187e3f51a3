"""Search filters: article ids, sources and a published-date range.

They are applied twice on purpose: as a Chroma `where` for the dense side and as the same predicate
over chunk metadata for the keyword side, so a filtered question can never retrieve, and so never
cite, a chunk outside the filter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any


@dataclass(frozen=True)
class Filters:
    article_ids: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    published_from: date | None = None
    published_to: date | None = None

    @property
    def empty(self) -> bool:
        return not (self.article_ids or self.sources or self.published_from or self.published_to)

    def bounds(self) -> tuple[int | None, int | None]:
        low = high = None
        if self.published_from:
            low = int(datetime.combine(self.published_from, time.min, UTC).timestamp())
        if self.published_to:  # inclusive: the whole last day counts
            high = int(datetime.combine(self.published_to, time.max, UTC).timestamp())
        return low, high

    def where(self) -> dict[str, Any] | None:
        """The Chroma `where` clause for these filters."""
        clauses: list[dict[str, Any]] = []
        if self.article_ids:
            clauses.append({"article_id": {"$in": list(self.article_ids)}})
        if self.sources:
            clauses.append({"source": {"$in": list(self.sources)}})
        low, high = self.bounds()
        if low is not None:
            clauses.append({"published_ts": {"$gte": low}})
        if high is not None:
            clauses.append({"published_ts": {"$lte": high}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def matches(self, metadata: dict[str, Any]) -> bool:
        """The same predicate as `where`, for chunks scored outside Chroma."""
        if self.article_ids and metadata.get("article_id") not in self.article_ids:
            return False
        if self.sources and metadata.get("source") not in self.sources:
            return False
        low, high = self.bounds()
        if low is None and high is None:
            return True
        ts = metadata.get("published_ts")
        if not isinstance(ts, int):
            return False  # an undated chunk is outside any date range, as in Chroma's $gte/$lte
        return (low is None or ts >= low) and (high is None or ts <= high)
