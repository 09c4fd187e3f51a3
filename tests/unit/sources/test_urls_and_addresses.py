"""URL parsing, canonical URLs and the address rules, as pure functions: every spelling of loopback
is read as loopback, every non-global range is refused, the allow-list opens only what it names."""

from __future__ import annotations

import ipaddress

import pytest

from service.errors import UrlNotAllowed
from service.sources.addresses import AddressPolicy, ip_literal, is_public
from service.sources.urls import canonical_url, parse_web_url, resolve_link, same_site


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("http://127.0.0.1/", "127.0.0.1"),
        ("http://127.1/", "127.0.0.1"),
        ("http://127.0.1/", "127.0.0.1"),
        ("http://2130706433/", "127.0.0.1"),
        ("http://0x7f000001/", "127.0.0.1"),
        ("http://0x7F.0.0.1/", "127.0.0.1"),
        ("http://0177.0.0.1/", "127.0.0.1"),
        ("http://017700000001/", "127.0.0.1"),
        ("http://127.0.0.1./", "127.0.0.1"),
        ("http://[::1]/", "::1"),
        ("http://[::ffff:127.0.0.1]/", "::ffff:7f00:1"),
        ("http://[0:0:0:0:0:ffff:7f00:1]/", "::ffff:7f00:1"),
        ("http://0/", "0.0.0.0"),
    ],
)
def test_every_spelling_of_an_address_is_read_as_that_address(url: str, address: str) -> None:
    parsed = parse_web_url(url)
    assert parsed.literal == ipaddress.ip_address(address)
    assert not is_public(parsed.literal)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.org/x",
        "gopher://example.org:70/_x",
        "javascript:alert(1)",
        "data:text/html,hi",
        "//example.org/x",
        "example.org/x",
        "http://user:pass@example.org/",
        "http://example.org@127.0.0.1/",
        "http:///nohost",
        "http://example.org:99999/",
        "http://exa mple.org/",
        "http://example.org\\@127.0.0.1/",
        "http://256.1.1.1/",
        "http://1.2.3.4.5/",
        "http://0x100000000/",
        "http://08.0.0.1/",
        "http://[::1%25eth0]/",
        "http://[::1/",
        "http://example.org/" + "a" * 2001,
    ],
)
def test_what_is_not_a_fetchable_url_is_refused(url: str) -> None:
    with pytest.raises(UrlNotAllowed):
        parse_web_url(url)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "127.255.255.254", "10.0.0.5", "172.16.3.4", "192.168.1.1", "169.254.169.254",
        "100.64.0.1", "100.127.255.254", "0.0.0.0", "224.0.0.1", "239.255.255.250", "240.0.0.1",
        "255.255.255.255", "192.0.2.1", "198.18.0.1", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1",
        "ff02::1", "::ffff:10.0.0.1", "::ffff:8.8.8.8", "2002:7f00:1::", "64:ff9b::a00:1", "2001:db8::1",
    ],
)  # fmt: skip
def test_non_global_addresses_are_not_public(address: str) -> None:
    assert not is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "address", ["8.8.8.8", "93.184.216.34", "1.1.1.1", "2606:4700::1111", "2a00:1450::1"]
)
def test_global_unicast_is_public(address: str) -> None:
    assert is_public(ipaddress.ip_address(address))


def test_the_allow_list_opens_hosts_and_networks_and_nothing_else() -> None:
    policy = AddressPolicy.parse(" 127.0.0.1, 10.1.0.0/16 ,intranet.example, .corp.example ")
    loop, ten, other = (ipaddress.ip_address(a) for a in ("127.0.0.1", "10.1.2.3", "10.2.0.1"))
    policy.check("127.0.0.1", [loop])
    policy.check("wiki.internal", [ten])
    policy.check("intranet.example", [other])
    policy.check("news.corp.example", [other])
    policy.check("example.org", [ipaddress.ip_address("93.184.216.34")])
    for host, addresses in [
        ("127.0.0.2", [ipaddress.ip_address("127.0.0.2")]),
        ("mixed.example", [ipaddress.ip_address("93.184.216.34"), other]),  # every address must pass
        ("localhost", [loop, ipaddress.ip_address("::1")]),
        ("nothing.example", []),
    ]:
        with pytest.raises(UrlNotAllowed):
            policy.check(host, addresses)
    with pytest.raises(UrlNotAllowed, match="NEWSDESK_FETCH_ALLOW"):
        AddressPolicy().check("127.0.0.1", [loop])
    with pytest.raises(ValueError):
        AddressPolicy.parse("not a host!")


def test_canonical_urls_drop_tracking_fragments_case_and_default_ports() -> None:
    same = [
        "https://News.Example.org/a/b?id=7&utm_source=rss&utm_medium=feed",
        "HTTPS://news.example.org:443/a/b?id=7#comments",
        "https://news.example.org/a/b?fbclid=xyz&id=7&gclid=1",
    ]
    assert {canonical_url(u) for u in same} == {"https://news.example.org/a/b?id=7"}
    assert canonical_url("http://example.org") == "http://example.org/"
    assert canonical_url("http://example.org:8080/x?b=2&a=1") == "http://example.org:8080/x?b=2&a=1"
    assert canonical_url("http://bücher.example/ä") == "http://xn--bcher-kva.example/%C3%A4"
    assert canonical_url("http://0x7f000001:81/") == "http://127.0.0.1:81/"
    assert resolve_link("https://a.example/news/x", "../y?utm_campaign=z") == "https://a.example/y"
    assert resolve_link("https://a.example/", "mailto:x@a.example") is None
    assert same_site("https://www.a.example/x", "https://a.example/y")
    assert not same_site("https://a.example/x", "https://b.example/x")


def test_ip_literal_leaves_names_alone() -> None:
    assert ip_literal("news.example.org", bracketed=False) is None
    assert ip_literal("1.example", bracketed=False) is None
