"""State shared by several Newsdesk hosts, in one SQL database (Postgres in production): the schema
(schema.py), the engine and its storage faults (database.py), the article registry on Postgres with
its cross-host write lock (registry.py), and the full-text rows written with each commit
(fulltext.py). The embedded default (index/registry.py, SQLite) does not use this package."""

from index.shared.database import Database
from index.shared.registry import PostgresRegistry
from index.shared.schema import METADATA

__all__ = ["METADATA", "Database", "PostgresRegistry"]
