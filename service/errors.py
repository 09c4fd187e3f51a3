"""One exception tree for the whole product; `register_handlers` maps it to HTTP in one place.

Code below the routers raises these and never builds HTTP responses itself, so the CLI and the
batch runner see the same errors with the same messages.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse


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


def error_body(code: str, message: str, detail: object | None = None) -> dict[str, object]:
    body: dict[str, object] = {"error": {"code": code, "message": message}}
    if detail is not None:
        body["error"] = {**body["error"], "detail": detail}  # type: ignore[dict-item]
    return body


def register_handlers(app: FastAPI) -> None:
    @app.exception_handler(NewsdeskError)
    async def _newsdesk(_: Request, exc: NewsdeskError) -> JSONResponse:
        return JSONResponse(error_body(exc.code, exc.message), status_code=exc.status_code)

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
