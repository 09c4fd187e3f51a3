"""The shared database: one SQLAlchemy engine (Postgres through psycopg 3; SQLite for the unit tests
of the portable parts) and the schema, created once however many hosts start at the same time.

Every call runs inside `Database.call`, so a server that is down, restarting or cut off surfaces as
`StoreFailure` (503 `store_unavailable` at the routes), never as a driver error. The pool checks a
connection before lending it (`pool_pre_ping`): after a database restart the first request gets a
fresh connection instead of a dead one. `QmarkConnection` runs the registry's portable SQL (written
for sqlite3, as the feeds' store is) on Postgres."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, CursorResult, Engine, create_engine, exc, insert, select, text

from index.errors import storage_call
from index.shared.schema import METADATA, generation, keyword_stats

# What the driver raises when the database itself fails: connection refused or lost, the server
# shutting down, a pool with no connection to give. A constraint violation or a bad statement is a
# bug, not a storage fault, and stays what it is.
DB_FAULTS: tuple[type[BaseException], ...] = (
    exc.OperationalError,
    exc.InterfaceError,
    exc.DisconnectionError,
    exc.TimeoutError,
    exc.InternalError,  # e.g. "cannot execute INSERT in a read-only transaction" on a standby
    exc.PendingRollbackError,  # a connection left unusable by one of the above
    OSError,
)
_SCHEMA_LOCK = 0x6E657773  # pg_advisory_xact_lock key while creating the schema ("news")


class Database:
    def __init__(self, url: str, pool_size: int = 8, connect_timeout_s: int = 5) -> None:
        options: dict[str, Any] = {"pool_pre_ping": True, "future": True}
        if url.startswith("postgresql"):
            options |= {
                "pool_size": pool_size,
                "max_overflow": pool_size,
                "pool_timeout": 10,
                "connect_args": {"connect_timeout": connect_timeout_s, "application_name": "newsdesk"},
            }
        self.engine: Engine = create_engine(url, **options)
        self.is_postgres = self.engine.dialect.name == "postgresql"

    @contextmanager
    def call(self, operation: str) -> Iterator[None]:
        """A block of database I/O: its driver faults leave it as StoreFailure."""
        with storage_call(operation, DB_FAULTS):
            yield

    @contextmanager
    def begin(self, operation: str) -> Iterator[Connection]:
        """A transaction on a pooled connection, committed at the end of the block."""
        with self.call(operation), self.engine.begin() as conn:
            yield conn

    def create_schema(self) -> None:
        """Create the tables that are missing. Hosts starting together take turns (a transaction
        -scoped advisory lock on Postgres), so none trips over a table another is creating."""
        with self.begin("schema create") as conn:
            if self.is_postgres:
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _SCHEMA_LOCK})
            METADATA.create_all(conn)
            for table, row in (
                (generation, {"id": 0, "value": 0}),
                (keyword_stats, {"id": 0, "chunks": 0, "tokens": 0}),
            ):
                if conn.execute(select(table.c.id).where(table.c.id == 0)).first() is None:
                    conn.execute(insert(table).values(**row))

    def close(self) -> None:
        self.engine.dispose()


class SqlRow:
    """A row as sqlite3.Row reads: by position, by column name, and `dict(row)`."""

    __slots__ = ("_names", "_values")

    def __init__(self, names: Sequence[str], values: Sequence[Any]) -> None:
        self._names, self._values = tuple(names), tuple(values)

    def keys(self) -> list[str]:
        return list(self._names)

    def __getitem__(self, key: int | str) -> Any:
        return self._values[self._names.index(key) if isinstance(key, str) else key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


class SqlCursor:
    """What `QmarkConnection.execute` returns: rowcount, fetchone, fetchall, as sqlite3's cursor."""

    def __init__(self, result: CursorResult[Any]) -> None:
        self._result = result
        self.rowcount = result.rowcount
        self._names = list(result.keys()) if result.returns_rows else []

    def fetchone(self) -> SqlRow | None:
        row = self._result.fetchone() if self._result.returns_rows else None
        return None if row is None else SqlRow(self._names, row)

    def fetchall(self) -> list[SqlRow]:
        rows = self._result.fetchall() if self._result.returns_rows else []
        return [SqlRow(self._names, row) for row in rows]


class QmarkConnection:
    """The registry's portable SQL (`?` placeholders, as sqlite3 takes them) on a SQLAlchemy
    connection to Postgres, whose driver wants `%s`. The SQL is the code's own, never user text."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> SqlCursor:
        if not parameters:
            return SqlCursor(self._conn.exec_driver_sql(sql))
        return SqlCursor(self._conn.exec_driver_sql(_format_style(sql), tuple(parameters)))

    def executemany(self, sql: str, parameters: Sequence[Sequence[Any]], /) -> SqlCursor:
        rows = [tuple(p) for p in parameters]
        return SqlCursor(self._conn.exec_driver_sql(_format_style(sql), rows))


def _format_style(sql: str) -> str:
    return sql.replace("%", "%%").replace("?", "%s")
