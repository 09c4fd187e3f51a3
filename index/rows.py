"""What the registry exchanges with its callers besides articles: a chunk as committed (for a
registry that also serves keyword search) and the connection its portable SQL runs on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class ChunkText:
    """One chunk as committed: its Chroma id, text and metadata (article_id, version, ...)."""

    id: str
    text: str
    metadata: dict[str, Any]


class SqlConnection(Protocol):
    """What `Registry.transaction()` yields: a connection that runs the registry's portable SQL
    (`?` placeholders, ON CONFLICT upserts): sqlite3's own here, an adapter on Postgres
    (index/shared/database.py), so code written against the registry runs on both."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Any: ...

    def executemany(self, sql: str, parameters: Any, /) -> Any: ...
