"""Telling storage faults apart: a full disk (507), a read-only disk (503 `store_read_only`) or a
store that is down (503 `store_unavailable`).

The storage adapters (index/registry.py, index/store.py, the batch job files) raise `StoreFailure`;
this turns one into the product's error. Chroma reports a full disk as a bare "failed to apply
logs", so when the error itself does not say, the data dir is probed with a small write:
ENOSPC/EFBIG/EDQUOT mean full, EROFS/EACCES/EPERM read-only; a store that still takes writes is down
for another reason."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from index.errors import StoreFailure
from service.errors import StoreError, StoreFull, StoreReadOnly

_FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}


def diagnose(data_dir: Path, failure: StoreFailure) -> StoreError:
    """The product error for a failed storage call."""
    if failure.errno in _FULL or "disk is full" in str(failure.cause):
        return _full()
    if failure.errno in _READ_ONLY:
        return _read_only(failure.errno)
    probe = data_dir / f".write-probe-{os.getpid()}"
    try:
        with probe.open("wb") as out:
            out.write(b"\0" * 65536)
            out.flush()
            os.fsync(out.fileno())
    except OSError as err:
        if err.errno in _FULL:
            return _full()
        if err.errno in _READ_ONLY:
            return _read_only(err.errno)
        return StoreError(
            f"the storage is not writable ({os.strerror(err.errno or 0)}): the write was not stored"
        )
    finally:
        with contextlib.suppress(OSError):
            probe.unlink()
    return StoreError(f"the article store failed ({type(failure.cause).__name__}); try again later")


def _full() -> StoreFull:
    return StoreFull("the storage is full: the write was not stored; free space and retry")


def _read_only(code: int) -> StoreReadOnly:
    return StoreReadOnly(
        f"the storage is read-only ({os.strerror(code)}): the write was not stored; reads still work"
    )
