"""Reading a response body within bounds: a byte cap counted after decompression, and a deadline.

Decompression is done here, not by an HTTP library, so that the cap holds inside each chunk too: a
few kilobytes of gzip can inflate to gigabytes, and zlib is asked for at most what is still allowed.
Only gzip and deflate are offered (Accept-Encoding), so only they need decoding."""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterable

from service.errors import FetchFailed, FetchTimeout, FetchTooLarge, UnsupportedContent

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/feed+json",
        "application/json",
    }
)
ACCEPT = {
    PAGE_TYPES: "text/html,application/xhtml+xml;q=0.9",
    FEED_TYPES: "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,"
    "application/feed+json;q=0.8",
}
ACCEPT_ENCODING = "gzip, deflate"


def media_type(content_type: str | None) -> tuple[str, str | None]:
    """("text/html", "utf-8") from 'text/html; charset="UTF-8"'; ("", None) when absent."""
    if not content_type:
        return "", None
    kind, *params = content_type.split(";")
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'").lower()
    return kind.strip().lower(), charset


def check_type(content_type: str | None, allowed: frozenset[str], url: str) -> tuple[str, str | None]:
    kind, charset = media_type(content_type)
    if kind not in allowed:
        wanted = "an HTML page" if allowed == PAGE_TYPES else "an RSS or Atom feed"
        raise UnsupportedContent(f"{url} is {kind or 'of no stated type'}, not {wanted}")
    return kind, charset


class _Inflater:
    def __init__(self, encoding: str, url: str) -> None:
        name = encoding.strip().lower()
        self._raw_fallback = name == "deflate"  # some servers send raw deflate without the zlib header
        if name in ("", "identity"):
            self._z = None
        elif name in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif name == "deflate":
            self._z = zlib.decompressobj()
        else:
            raise FetchFailed(f"{url} was sent with content encoding {name!r}, which was not asked for")

    def inflate(self, data: bytes, room: int) -> bytes:
        """At most room + 1 bytes of output: one byte over is enough to know the cap is passed."""
        if self._z is None:
            return data[: room + 1]
        out = bytearray()
        pending = data
        while pending and len(out) <= room:
            try:
                out += self._z.decompress(pending, room + 1 - len(out))
            except zlib.error:
                if not self._raw_fallback or out:
                    raise
                self._z, self._raw_fallback = zlib.decompressobj(-zlib.MAX_WBITS), False
                continue
            pending = self._z.unconsumed_tail
        return bytes(out)


def read_capped(chunks: Iterable[bytes], encoding: str, limit: int, deadline: float, url: str) -> bytes:
    """The decoded body, or FetchTooLarge past `limit` bytes, or FetchTimeout past `deadline`
    (time.monotonic()); a stream that drips a byte at a time still ends at the deadline."""
    inflater = _Inflater(encoding, url)
    body = bytearray()
    try:
        for chunk in chunks:
            body += inflater.inflate(chunk, limit - len(body))
            if len(body) > limit:
                raise FetchTooLarge(f"{url} is larger than {limit:,} bytes")
            if time.monotonic() > deadline:
                raise FetchTimeout(f"{url} did not arrive in time")
    except zlib.error:
        raise FetchFailed(f"{url} sent a body that does not decompress") from None
    return bytes(body)
