"""Errors to HTTP, in one place: the product's exception tree (service/errors.py), the storage
fault the indexing side raises (index/errors.py), request validation, and anything else, which is
a 500 with the same JSON shape and never a stack trace.

Only storage faults map to storage codes (507 `store_full`, 503 `store_read_only` or
`store_unavailable`); an OSError from anywhere else is a plain 500."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from index.errors import StoreFailure
from service.errors import NewsdeskError, error_body
from service.storage import diagnose

log = logging.getLogger(__name__)


def _response(exc: NewsdeskError, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(exc.code, exc.message), status_code=exc.status_code, headers=headers)


async def send_error(send: Any, exc: NewsdeskError, headers: Sequence[tuple[bytes, bytes]] = ()) -> None:
    """The same error body, sent by a plain ASGI middleware (outside FastAPI's handlers)."""
    body = json.dumps(error_body(exc.code, exc.message)).encode()
    start_headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send(
        {"type": "http.response.start", "status": exc.status_code, "headers": [*start_headers, *headers]}
    )
    await send({"type": "http.response.body", "body": body})


# The error a union's other branch reports ("a list is not an object"): when a body is one article or
# a list of them, the branch that fits says what is wrong, so these are left out when others exist.
_BRANCH_MISMATCH = {
    "model_type",
    "list_type",
    "dict_type",
    "model_attributes_type",
    "union_tag_invalid",  # a list where one article goes (a tagged union: by text or by URL)
    "union_tag_not_found",
}
_UNION_TAG = re.compile(r"^[A-Z]\w*$|\[")  # "ArticleIn", "list[ArticleIn]": a branch, not a field


def _validation_message(errors: Sequence[Any]) -> str:
    # Pydantic reports a non-JSON body as a json_invalid error; say so plainly.
    if any(e.get("type") == "json_invalid" for e in errors):
        return "request body is not valid JSON"
    fitting = [e for e in errors if e.get("type") not in _BRANCH_MISMATCH] or list(errors)
    first = fitting[0] if fitting else {}
    loc = [str(p) for p in first.get("loc", ()) if p != "body"]
    where = ".".join(p for p in loc if not _UNION_TAG.search(p))
    return f"{where}: {first.get('msg', 'invalid input')}" if where else str(first.get("msg"))


def register_handlers(app: FastAPI) -> None:
    @app.exception_handler(NewsdeskError)
    async def _newsdesk(_: Request, exc: NewsdeskError) -> JSONResponse:
        return _response(exc)

    @app.exception_handler(StoreFailure)
    async def _store(request: Request, exc: StoreFailure) -> JSONResponse:
        # Storage faults (full or read-only disk, Chroma down) are 507/503, never a 500: the service
        # stays up and answers reads and health checks while the disk is fixed.
        log.warning("store failure on %s: %s", request.url.path, exc)
        return _response(diagnose(request.app.state.container.settings.data_dir, exc))

    @app.exception_handler(OverflowError)
    async def _overflow(_: Request, exc: OverflowError) -> JSONResponse:
        # A number valid for the schema but beyond what SQLite stores (offset=10**27): bad input.
        return JSONResponse(error_body("invalid_input", "a number in the request is out of range"), 422)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        detail = [{"loc": list(e.get("loc", ())), "msg": e.get("msg")} for e in errors]
        return JSONResponse(error_body("invalid_input", _validation_message(errors), detail), status_code=422)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected %s on %s", type(exc).__name__, request.url.path, exc_info=exc)
        return JSONResponse(error_body("internal_error", "the service failed unexpectedly"), 500)
