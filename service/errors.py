"""One exception tree for the whole product; `register_handlers` maps it to HTTP in one place.

Code below the routers raises these and never builds HTTP responses itself, so the CLI and the
batch runner see the same errors with the same messages.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

log = logging.getLogger(__name__)


class NewsdeskError(Exception):
    status_code = 500
    code = "internal_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(NewsdeskError):
    status_code = 422
    code = "invalid_input"


class TooLarge(NewsdeskError):
    status_code = 413
    code = "too_large"


class Unauthorized(NewsdeskError):
    status_code = 401
    code = "unauthorized"


class RateLimited(NewsdeskError):
    """Too many requests for one key; `retry_after_s` goes out as the Retry-After header."""

    status_code = 429
    code = "rate_limited"

    def __init__(self, message: str, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class NotFound(NewsdeskError):
    status_code = 404
    code = "not_found"


class LlmError(NewsdeskError):
    """The model failed; nothing was written."""

    status_code = 503
    code = "llm_unavailable"


class LlmTimeout(LlmError):
    status_code = 504
    code = "llm_timeout"


class LlmBadOutput(LlmError):
    status_code = 502
    code = "llm_bad_output"


class StoreError(NewsdeskError):
    status_code = 503
    code = "store_unavailable"


class StoreFull(StoreError):
    status_code = 507
    code = "store_full"


class StoreReadOnly(StoreError):
    """The disk turned read-only (an ext4 error remounts it so): writes fail until an operator
    repairs it, reads go on. 503 like a store that is down, with its own code for alerts."""

    code = "store_read_only"


def diagnose_store(data_dir: Path, exc: BaseException) -> StoreError:
    """Say why a write to the store failed. Chroma reports a full disk as a bare "failed to apply
    logs", so the data dir is probed with a small write: ENOSPC/EFBIG/EDQUOT mean full (507),
    EROFS/EACCES/EPERM read-only (503); a store that still takes writes is down for another reason."""
    errno_of = getattr(exc, "errno", None)
    full = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}
    read_only = {errno.EROFS, errno.EACCES, errno.EPERM}
    if errno_of in full or "disk is full" in str(exc):
        return StoreFull("the storage is full: the write was not stored; free space and retry")
    if errno_of in read_only:
        return _read_only(errno_of)
    probe = data_dir / f".write-probe-{os.getpid()}"
    try:
        with probe.open("wb") as out:
            out.write(b"\0" * 65536)
            out.flush()
            os.fsync(out.fileno())
    except OSError as err:
        if err.errno in full:
            return StoreFull("the storage is full: the write was not stored; free space and retry")
        if err.errno in read_only:
            return _read_only(err.errno)
        return StoreError(
            f"the storage is not writable ({os.strerror(err.errno or 0)}): the write was not stored"
        )
    finally:
        with contextlib.suppress(OSError):
            probe.unlink()
    return StoreError(f"the article store failed ({type(exc).__name__}); try again later")


def _read_only(code: int) -> StoreReadOnly:
    return StoreReadOnly(
        f"the storage is read-only ({os.strerror(code)}): the write was not stored; reads still work"
    )


def error_body(code: str, message: str, detail: object | None = None) -> dict[str, object]:
    body: dict[str, object] = {"error": {"code": code, "message": message}}
    if detail is not None:
        body["error"] = {**body["error"], "detail": detail}  # type: ignore[dict-item]
    return body


def _store_exceptions() -> list[type[Exception]]:
    import sqlite3

    import httpx
    from chromadb.errors import ChromaError

    # httpx: only Chroma's HttpClient raises it unwrapped (LLM calls are translated in llm_calls).
    return [ChromaError, sqlite3.Error, OSError, httpx.TransportError]


def register_handlers(app: FastAPI) -> None:
    @app.exception_handler(NewsdeskError)
    async def _newsdesk(_: Request, exc: NewsdeskError) -> JSONResponse:
        return JSONResponse(error_body(exc.code, exc.message), status_code=exc.status_code)

    async def _store(request: Request, exc: Exception) -> JSONResponse:
        # Storage faults (full or read-only disk, Chroma down) are 507/503, never a 500: the service
        # stays up and answers reads and health checks while the disk is fixed.
        log.warning("store failure on %s: %s: %s", request.url.path, type(exc).__name__, str(exc)[:300])
        err = diagnose_store(request.app.state.container.settings.data_dir, exc)
        return JSONResponse(error_body(err.code, err.message), status_code=err.status_code)

    for kind in _store_exceptions():
        app.add_exception_handler(kind, _store)

    @app.exception_handler(OverflowError)
    async def _overflow(_: Request, exc: OverflowError) -> JSONResponse:
        # A number valid for the schema but beyond what SQLite stores (offset=10**27): bad input.
        return JSONResponse(error_body("invalid_input", "a number in the request is out of range"), 422)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        # Pydantic reports a non-JSON body as a json_invalid error; say so plainly.
        if any(e.get("type") == "json_invalid" for e in errors):
            message = "request body is not valid JSON"
        else:
            first = errors[0] if errors else {}
            where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
            message = f"{where}: {first.get('msg', 'invalid input')}" if where else str(first.get("msg"))
        detail = [{"loc": list(e.get("loc", ())), "msg": e.get("msg")} for e in errors]
        return JSONResponse(error_body("invalid_input", message, detail), status_code=422)
