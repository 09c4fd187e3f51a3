"""The one way Newsdesk fetches from the web: every other part (extraction, feeds) gets bytes from here.

For each hop of a request: the URL is parsed (http/https only), its host resolved here and every
address checked (addresses.py), then the connection is dialled to the checked address itself while
the request carries the original Host header and TLS name, so a DNS answer that changes between
check and connect changes nothing. Redirects are followed by hand, each hop checked again. The body
is read under a byte cap after decompression and an overall deadline (body.py), and only content
types the caller asked for are read at all. At most `per_host` requests go to one host at once."""

from __future__ import annotations

import email.utils
import ssl
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import certifi
import httpcore

from service.errors import FetchFailed, FetchTimeout, FetchTooLarge
from service.sources.addresses import AddressPolicy, IPAddress, Resolver, system_resolver
from service.sources.body import ACCEPT, ACCEPT_ENCODING, check_type, read_capped
from service.sources.urls import WebUrl, parse_web_url

REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})
MAX_RETRY_AFTER_S = 86_400.0


@dataclass
class Fetched:
    url: str  # the URL that answered, after redirects
    status: int
    headers: dict[str, str]
    body: bytes = b""  # read only for a 200
    kind: str = ""  # media type of a 200
    charset: str | None = None
    moved_to: str | None = None  # where a run of permanent redirects from the first URL ended

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def retry_after_s(self) -> float | None:
        """Retry-After as seconds from now (delta or HTTP date), capped at a day; None if absent."""
        value = (self.header("retry-after") or "").strip()
        if not value:
            return None
        if value.isdigit():
            return min(float(value), MAX_RETRY_AFTER_S)
        try:
            moment = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return min(max(moment.timestamp() - time.time(), 0.0), MAX_RETRY_AFTER_S)

    def require_ok(self) -> Fetched:
        if self.status != 200:
            raise FetchFailed(f"{self.url} answered HTTP {self.status}")
        return self


class _PinnedBackend(httpcore.NetworkBackend):
    """Dials the checked address whatever host the connection pool asks for."""

    def __init__(self, address: IPAddress, inner: httpcore.NetworkBackend) -> None:
        self.address = address
        self.inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        return self.inner.connect_tcp(str(self.address), port, timeout, local_address, socket_options)


@dataclass
class _HostSlots:
    """At most `size` requests in flight per host, for politeness (in this process)."""

    size: int
    _slots: dict[str, threading.BoundedSemaphore] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            return self._slots.setdefault(host, threading.BoundedSemaphore(self.size))


class GuardedClient:
    def __init__(
        self,
        policy: AddressPolicy,
        *,
        max_bytes: int = 5_000_000,
        timeout_s: float = 20.0,
        max_redirects: int = 5,
        per_host: int = 2,
        user_agent: str = "Newsdesk/0.1",
        resolver: Resolver | None = None,
        backend: httpcore.NetworkBackend | None = None,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        """`resolver`, `backend` and `tls` are for tests: a stub DNS, a network that records dials,
        a context that trusts a test certificate (the default trusts certifi's CAs)."""
        self.policy = policy
        self.max_bytes = max_bytes
        self.timeout_s = timeout_s
        self.max_redirects = max_redirects
        self.user_agent = user_agent
        self.resolver = resolver or system_resolver
        self.backend = backend or httpcore.SyncBackend()
        self._slots = _HostSlots(per_host)
        self._dns = ThreadPoolExecutor(max_workers=4, thread_name_prefix="newsdesk-dns")
        self._tls = tls or ssl.create_default_context(cafile=certifi.where())

    def fetch(
        self, url: str, accept: frozenset[str], *, etag: str | None = None, last_modified: str | None = None
    ) -> Fetched:
        """GET `url`, following redirects; a 200 of an accepted type comes with its body, any other
        final status (304, 404, 410, 429...) without. Refusals and failures raise (service.errors)."""
        deadline = time.monotonic() + self.timeout_s
        headers = {
            "User-Agent": self.user_agent,
            "Accept": ACCEPT[accept],
            "Accept-Encoding": ACCEPT_ENCODING,
        }
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = parse_web_url(url)
        moved_to: str | None = None
        permanent = True
        for _ in range(self.max_redirects + 1):
            addresses = self._addresses(current, deadline)
            fetched = self._get(current, addresses, headers, accept, deadline)
            location = fetched.header("location")
            if fetched.status not in REDIRECTS or not location:
                fetched.moved_to = moved_to
                return fetched
            current = parse_web_url(urljoin(current.text(), location))
            permanent = permanent and fetched.status in PERMANENT
            moved_to = current.text() if permanent else moved_to
        raise FetchFailed(f"{url} redirects more than {self.max_redirects} times")

    def _addresses(self, url: WebUrl, deadline: float) -> list[IPAddress]:
        if url.literal is not None:
            addresses = [url.literal]
        else:
            future = self._dns.submit(self.resolver, url.host, url.port)
            try:
                addresses = future.result(timeout=max(deadline - time.monotonic(), 0.01))
            except FutureTimeout:
                raise FetchTimeout(f"the name {url.host} did not resolve in time") from None
            except OSError:
                raise FetchFailed(f"the name {url.host} does not resolve") from None
        self.policy.check(url.host, addresses)
        return addresses

    def _get(
        self,
        url: WebUrl,
        addresses: list[IPAddress],
        headers: dict[str, str],
        accept: frozenset[str],
        deadline: float,
    ) -> Fetched:
        slot = self._slots.get(url.host)
        if not slot.acquire(timeout=max(deadline - time.monotonic(), 0.0)):
            raise FetchTimeout(f"{url.host} is busy with our other requests; none finished in time")
        try:
            for n, address in enumerate(addresses):
                try:
                    return self._get_from(url, address, headers, accept, deadline)
                except httpcore.ConnectError as exc:  # refused, unreachable, or TLS failed
                    if n == len(addresses) - 1:
                        raise FetchFailed(f"could not connect to {url.authority}: {exc}") from None
            raise FetchFailed(f"could not connect to {url.authority}")  # no address: unreachable
        except httpcore.TimeoutException:
            raise FetchTimeout(f"{url.text()} did not answer in time") from None
        except (httpcore.NetworkError, httpcore.ProtocolError) as exc:
            raise FetchFailed(f"{url.text()} broke off: {type(exc).__name__}") from None
        finally:
            slot.release()

    def _get_from(
        self,
        url: WebUrl,
        address: IPAddress,
        headers: dict[str, str],
        accept: frozenset[str],
        deadline: float,
    ) -> Fetched:
        left = max(deadline - time.monotonic(), 0.01)
        timeouts = {"connect": left, "read": left, "write": left, "pool": left}
        target = httpcore.URL(scheme=url.scheme, host=url.host, port=url.port, target=url.target)
        pool = httpcore.ConnectionPool(
            ssl_context=self._tls, network_backend=_PinnedBackend(address, self.backend), retries=0
        )
        sent: list[tuple[str, str]] = [*headers.items(), ("Host", url.authority)]
        with pool, pool.stream("GET", target, headers=sent, extensions={"timeout": timeouts}) as response:
            found = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in response.headers}
            fetched = Fetched(url.text(), response.status, found)
            if response.status != 200:
                return fetched
            fetched.kind, fetched.charset = check_type(found.get("content-type"), accept, url.text())
            length = found.get("content-length", "")
            if length.isdigit() and int(length) > self.max_bytes:
                raise FetchTooLarge(f"{url.text()} is {int(length):,} bytes; the limit is {self.max_bytes:,}")
            chunks = response.iter_stream()
            encoding = found.get("content-encoding", "")
            fetched.body = read_capped(chunks, encoding, self.max_bytes, deadline, url.text())
            return fetched

    def close(self) -> None:
        self._dns.shutdown(wait=False, cancel_futures=True)
