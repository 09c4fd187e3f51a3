"""The guarded client against a real site on 127.0.0.1 (tests/news_site.py), and against a stub
resolver for what must never be dialled. Every request here goes to loopback: names that stand for
private addresses are resolved by the stub and refused before connecting, and the network backend
those tests pass raises if it is ever asked to dial, so a bug could not send traffic anywhere."""

from __future__ import annotations

import gzip
import ipaddress
import threading
import time
from collections.abc import Iterator

import httpcore
import pytest

from service.errors import FetchFailed, FetchTimeout, FetchTooLarge, UnsupportedContent, UrlNotAllowed
from service.sources.addresses import AddressPolicy, IPAddress
from service.sources.body import FEED_TYPES, PAGE_TYPES
from service.sources.client import GuardedClient
from tests.news_site import NewsSite

LOOPBACK = AddressPolicy.parse("127.0.0.1")


class NoDialling(httpcore.NetworkBackend):
    """A network that records and refuses every dial."""

    def __init__(self) -> None:
        self.dialled: list[tuple[str, int]] = []

    def connect_tcp(self, host: str, port: int, *args: object, **kwargs: object) -> httpcore.NetworkStream:
        self.dialled.append((host, port))
        raise AssertionError(f"dialled {host}:{port}")


class LoopbackOnly(httpcore.SyncBackend):
    """The real network, for 127.0.0.1 only: any other dial is recorded and refused."""

    def __init__(self) -> None:
        self.dialled: list[str] = []

    def connect_tcp(self, host: str, port: int, *args: object, **kwargs: object) -> httpcore.NetworkStream:
        self.dialled.append(host)
        assert host == "127.0.0.1", f"dialled {host}"
        return super().connect_tcp(host, port, *args, **kwargs)  # type: ignore[arg-type]


def stub(table: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def resolve(host: str, port: int) -> list[IPAddress]:
        if host not in table:
            raise OSError(f"stub: no such name {host}")
        return [ipaddress.ip_address(a) for a in table[host]]

    return resolve


@pytest.fixture(scope="module")
def site() -> Iterator[NewsSite]:
    with NewsSite() as news:
        yield news


@pytest.fixture(autouse=True)
def no_rules(site: NewsSite) -> Iterator[None]:
    yield
    site.rules.clear()


def client(policy: AddressPolicy = LOOPBACK, **kwargs: object) -> GuardedClient:
    return GuardedClient(policy, **kwargs)  # type: ignore[arg-type]


def test_a_page_and_a_gzipped_feed_arrive_with_a_user_agent_naming_newsdesk(site: NewsSite) -> None:
    fetched = client(user_agent="Newsdesk/test").fetch(site.url("/news/harbour-ferry-returns"), PAGE_TYPES)
    assert fetched.status == 200 and fetched.kind == "text/html" and fetched.charset == "utf-8"
    assert b"Kestrel" in fetched.body
    assert site.hits("/news/harbour-ferry-returns")[-1].headers["user-agent"] == "Newsdesk/test"
    feed = client().fetch(site.url("/feeds/rss.xml"), FEED_TYPES)
    assert feed.header("content-encoding") == "gzip" and feed.body.startswith(b"<?xml")


def test_a_conditional_get_is_answered_304_without_a_body(site: NewsSite) -> None:
    first = client().fetch(site.url("/feeds/atom.xml"), FEED_TYPES)
    etag, modified = first.header("etag"), first.header("last-modified")
    assert etag and modified
    again = client().fetch(site.url("/feeds/atom.xml"), FEED_TYPES, etag=etag, last_modified=modified)
    assert again.status == 304 and again.body == b""
    sent = site.hits("/feeds/atom.xml")[-1].headers
    assert sent["if-none-match"] == etag and sent["if-modified-since"] == modified
    by_date = client().fetch(site.url("/feeds/atom.xml"), FEED_TYPES, last_modified=modified)
    assert by_date.status == 304


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:{port}/news/harbour-ferry-returns",
        "http://127.0.0.1:{port}/news/harbour-ferry-returns",
        "http://127.1:{port}/news/harbour-ferry-returns",
        "http://2130706433:{port}/news/harbour-ferry-returns",
        "http://0x7f000001:{port}/news/harbour-ferry-returns",
        "http://0177.0.0.1:{port}/news/harbour-ferry-returns",
        "http://[::1]:{port}/news/harbour-ferry-returns",
        "http://[::ffff:127.0.0.1]:{port}/news/harbour-ferry-returns",
        "file:///etc/passwd",
        "ftp://127.0.0.1:{port}/x",
        "gopher://127.0.0.1:{port}/_GET%20/",
    ],
)
def test_without_the_allow_list_loopback_in_every_spelling_is_refused_before_connecting(
    site: NewsSite, url: str
) -> None:
    before = site.connections
    network = NoDialling()
    with pytest.raises(UrlNotAllowed):
        client(AddressPolicy(), backend=network).fetch(url.format(port=site.port), PAGE_TYPES)
    assert network.dialled == [] and site.connections == before


@pytest.mark.parametrize(
    "addresses",
    [["10.0.0.5"], ["172.16.0.9"], ["192.168.1.20"], ["169.254.169.254"], ["100.64.1.1"], ["127.0.0.1"],
     ["fd00::5"], ["fe80::1"], ["::ffff:192.168.1.1"], ["224.0.0.251"], ["93.184.216.34", "10.0.0.5"]],
)  # fmt: skip
def test_a_name_that_resolves_to_a_private_address_is_refused_before_any_dial(addresses: list[str]) -> None:
    network = NoDialling()
    guarded = client(AddressPolicy(), resolver=stub({"news.example": addresses}), backend=network)
    with pytest.raises(UrlNotAllowed, match="not a public address"):
        guarded.fetch("https://news.example/story", PAGE_TYPES)
    assert network.dialled == []


def test_the_connection_goes_to_the_address_that_was_checked(site: NewsSite) -> None:
    """A name resolved (once, by the stub) to 127.0.0.1 is dialled at 127.0.0.1 and asked for with
    its own Host header: no second resolution could swap the address (DNS rebinding)."""
    calls: list[str] = []

    def once(host: str, port: int) -> list[IPAddress]:
        calls.append(host)
        return [ipaddress.ip_address("127.0.0.1")]

    guarded = client(AddressPolicy.parse("127.0.0.1"), resolver=once)
    fetched = guarded.fetch(f"http://courier.example:{site.port}/news/bridge-cycle-lane", PAGE_TYPES)
    assert fetched.status == 200 and calls == ["courier.example"]
    assert site.hits("/news/bridge-cycle-lane")[-1].headers["host"] == f"courier.example:{site.port}"


@pytest.mark.parametrize("target", ["http://127.0.0.2:{port}/", "http://localhost:{port}/", "http://[::1]:{port}/",
                                    "http://10.0.0.1/", "file:///etc/passwd", "http://inside.example/"])  # fmt: skip
def test_each_redirect_hop_is_checked_again(site: NewsSite, target: str) -> None:
    site.rule("/go", status=302, headers={"Location": target.format(port=site.port)})
    network = LoopbackOnly()
    allowed = AddressPolicy.parse("allowed.example")  # the first host only
    resolver = stub(
        {"allowed.example": ["127.0.0.1"], "localhost": ["127.0.0.1", "::1"], "inside.example": ["10.9.9.9"]}
    )
    guarded = GuardedClient(allowed, resolver=resolver, backend=network)
    before = site.connections
    with pytest.raises(UrlNotAllowed):
        guarded.fetch(f"http://allowed.example:{site.port}/go", PAGE_TYPES)
    assert site.connections == before + 1 and network.dialled == ["127.0.0.1"]  # the first hop only


def test_redirects_are_followed_and_a_permanent_one_is_reported(site: NewsSite) -> None:
    site.rule("/old-feed", status=301, headers={"Location": "/feeds/atom.xml"})
    fetched = client().fetch(site.url("/old-feed"), FEED_TYPES)
    assert fetched.status == 200 and fetched.moved_to == site.url("/feeds/atom.xml")
    site.rule("/moved-for-now", status=302, headers={"Location": "/feeds/atom.xml"})
    assert client().fetch(site.url("/moved-for-now"), FEED_TYPES).moved_to is None
    site.rule("/loop", status=301, headers={"Location": "/loop"})
    with pytest.raises(FetchFailed, match="redirects more than 2"):
        client(max_redirects=2).fetch(site.url("/loop"), FEED_TYPES)


def test_oversized_responses_stop_at_the_cap(site: NewsSite) -> None:
    site.rule("/big", body=b"<html>" + b"x" * 200_000)
    with pytest.raises(FetchTooLarge, match="100,000"):
        client(max_bytes=100_000).fetch(site.url("/big"), PAGE_TYPES)
    # gzip that inflates 1,000-fold: the cap holds after decompression, inside one chunk
    bomb = gzip.compress(b"<html>" + b" " * 50_000_000)
    site.rule("/bomb", body=bomb, headers={"Content-Encoding": "gzip"})
    started = time.monotonic()
    with pytest.raises(FetchTooLarge):
        client(max_bytes=1_000_000).fetch(site.url("/bomb"), PAGE_TYPES)
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(("kind", "accept"), [("application/pdf", PAGE_TYPES), ("image/png", PAGE_TYPES),
                                              ("text/html", FEED_TYPES), ("", PAGE_TYPES)])  # fmt: skip
def test_only_the_content_types_asked_for_are_read(site: NewsSite, kind: str, accept: frozenset[str]) -> None:
    site.rule("/thing", body=b"%PDF-1.7 ...", kind=kind)
    with pytest.raises(UnsupportedContent):
        client().fetch(site.url("/thing"), accept)


def test_a_slow_response_ends_at_the_deadline(site: NewsSite) -> None:
    site.rule("/drip", body=b"<html><body>" + b"a" * 100, drip_s=0.1)  # 10 s in all, a byte at a time
    started = time.monotonic()
    with pytest.raises(FetchTimeout):
        client(timeout_s=1.0).fetch(site.url("/drip"), PAGE_TYPES)
    assert time.monotonic() - started < 3


def test_unreachable_hosts_and_unknown_names_are_fetch_failures(site: NewsSite) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]  # bound, never listening: the connection is refused
        with pytest.raises(FetchFailed, match="could not connect"):
            client().fetch(f"http://127.0.0.1:{closed}/", PAGE_TYPES)
    with pytest.raises(FetchFailed, match="does not resolve"):
        client(AddressPolicy(), resolver=stub({})).fetch("http://nowhere.example/", PAGE_TYPES)


def test_at_most_two_requests_are_in_flight_to_one_host(site: NewsSite) -> None:
    site.rule("/slow", body=b"<html>" + b"a" * 6, drip_s=0.05)
    guarded = client(per_host=2)
    peak = 0
    lock = threading.Lock()
    original = guarded._get_from

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal peak
        with lock:
            counting.live += 1  # type: ignore[attr-defined]
            peak = max(peak, counting.live)  # type: ignore[attr-defined]
        try:
            return original(*args, **kwargs)
        finally:
            with lock:
                counting.live -= 1  # type: ignore[attr-defined]

    counting.live = 0  # type: ignore[attr-defined]
    guarded._get_from = counting  # type: ignore[method-assign]
    threads = [threading.Thread(target=guarded.fetch, args=(site.url("/slow"), PAGE_TYPES)) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak == 2 and len(site.hits("/slow")) == 6


def test_retry_after_is_read_as_seconds_or_a_date(site: NewsSite) -> None:
    site.rule("/busy", status=429, headers={"Retry-After": "120"})
    assert client().fetch(site.url("/busy"), FEED_TYPES).retry_after_s() == 120
    site.rule("/busy", status=503, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})
    assert client().fetch(site.url("/busy"), FEED_TYPES).retry_after_s() == 0.0


def test_a_resolver_that_hangs_ends_at_the_deadline() -> None:
    def slow(host: str, port: int) -> list[IPAddress]:
        time.sleep(2)
        return [ipaddress.ip_address("127.0.0.1")]

    network = NoDialling()
    started = time.monotonic()
    with pytest.raises(FetchTimeout, match="did not resolve in time"):
        client(resolver=slow, backend=network, timeout_s=0.5).fetch("http://slow.example/", PAGE_TYPES)
    assert time.monotonic() - started < 1.5 and network.dialled == []
