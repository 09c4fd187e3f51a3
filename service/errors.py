"""One exception tree for the whole product: pure data, no I/O and no web framework.

Code below the routes raises these and never builds HTTP responses itself, so the CLI, the batch
runner and the routes see the same errors with the same messages. Each class carries the HTTP
status and the stable `code` clients match on; service/api/errors.py maps the tree (and the few
foreign errors that can reach a route) to responses in one place."""

from __future__ import annotations

from typing import Any, ClassVar


class NewsdeskError(Exception):
    status_code: ClassVar[int] = 500
    code: ClassVar[str] = "internal_error"

    def __init_subclass__(cls, status: int | None = None, code: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.status_code = status if status is not None else cls.status_code
        cls.code = code or cls.code

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(NewsdeskError, status=422, code="invalid_input"):
    """Malformed or empty input (a body that is not JSON, empty or binary text, an unknown field, a
    batch with no lines): refused before anything is stored."""


class TooLarge(NewsdeskError, status=413, code="too_large"):
    """Over a configured size limit (body bytes, article characters, articles per request, question
    length, chat messages); the message names the limit."""


class Unauthorized(NewsdeskError, status=401, code="unauthorized"):
    """No key, or not one of the configured keys."""


class RateLimited(NewsdeskError, status=429, code="rate_limited"):
    """Too many requests for one key; `retry_after_s` goes out as the Retry-After header."""

    def __init__(self, message: str, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class NotFound(NewsdeskError, status=404, code="not_found"):
    """An unknown article, summary or batch id."""


class LlmError(NewsdeskError, status=503, code="llm_unavailable"):
    """The model failed; nothing was written."""


class LlmTimeout(LlmError, status=504, code="llm_timeout"):
    """The model did not answer within NEWSDESK_LLM_TIMEOUT_S."""


class LlmBadOutput(LlmError, status=502, code="llm_bad_output"):
    """The model answered, with something that is not an answer: not the API's shape, or a draft
    that does not fit the summary's schema."""


class UrlNotAllowed(InvalidInput, code="url_not_allowed"):
    """A URL the service will not fetch: not http(s), credentials in it, malformed, or a host that is
    (or resolves to) a loopback, private, link-local, CGNAT, multicast or reserved address outside
    NEWSDESK_FETCH_ALLOW. Refused before any request leaves."""


class FetchFailed(NewsdeskError, status=422, code="fetch_failed"):
    """A URL that could not be fetched: the name does not resolve, the host refuses the connection,
    TLS fails, the site answers with an error status or redirects too often. Nothing was stored."""


class FetchTooLarge(FetchFailed, code="fetch_too_large"):
    """The response is over NEWSDESK_FETCH_MAX_BYTES once decompressed; reading stopped there."""


class UnsupportedContent(FetchFailed, code="unsupported_content_type"):
    """The response is not a kind the service reads (a page must be HTML, a feed RSS/Atom/XML)."""


class FetchTimeout(FetchFailed, status=504, code="fetch_timeout"):
    """The site did not deliver the whole response within NEWSDESK_FETCH_TIMEOUT_S."""


class NothingExtracted(InvalidInput, code="nothing_extracted"):
    """A fetched page held no article text (a script-only page, a paywall): nothing was stored."""


class NotAFeed(InvalidInput, code="not_a_feed"):
    """A fetched document that is not an RSS or Atom feed."""


class Busy(NewsdeskError, status=409, code="busy"):
    """The thing is being worked on elsewhere (a feed another worker is polling): try again shortly."""


class StoreError(NewsdeskError, status=503, code="store_unavailable"):
    """The store is down: a Chroma server gone, a database that does not answer. Made from a
    StoreFailure by service/storage.py, like its two kinds below."""


class StoreFull(StoreError, status=507, code="store_full"):
    """The disk is full: the write was not stored."""


class StoreReadOnly(StoreError, code="store_read_only"):
    """The disk turned read-only (an ext4 error remounts it so): writes fail until an operator
    repairs it, reads go on. 503 like a store that is down, with its own code for alerts."""


def error_body(code: str, message: str, detail: object | None = None) -> dict[str, object]:
    """The JSON every error response carries: {"error": {"code", "message"[, "detail"]}}."""
    error: dict[str, object] = {"code": code, "message": message}
    if detail is not None:
        error["detail"] = detail
    return {"error": error}
