"""The one error the indexing side raises for a storage fault, and how a storage call declares what
its library raises when the store itself fails.

The registry (SQLite) and the chunk store (Chroma, embedded or a server) run their I/O inside
`storage_call`, so a full disk, a read-only disk, a locked database or a Chroma server that went
away all surface as `StoreFailure`, with the original error as its cause. Only these are storage
faults: an `OSError` raised anywhere else (a missing page file, a bug) is not, and is not reported as
one. The service tells full, read-only and down apart (service/storage.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class StoreFailure(Exception):
    """A storage call failed; `errno` is the OS error number when there was one."""

    def __init__(self, operation: str, cause: BaseException) -> None:
        super().__init__(f"{operation} failed: {type(cause).__name__}: {str(cause)[:300]}")
        self.operation = operation
        self.cause = cause
        self.errno: int | None = getattr(cause, "errno", None)


@contextmanager
def storage_call(operation: str, kinds: tuple[type[BaseException], ...]) -> Iterator[None]:
    """Runs a block of storage I/O; the errors of `kinds` leave it as StoreFailure."""
    try:
        yield
    except kinds as exc:
        raise StoreFailure(operation, exc) from exc
