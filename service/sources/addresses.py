"""Which addresses a fetch may connect to: global unicast only, unless an admin's allow-list says so.

A URL names a host; what matters is the address the connection goes to. So a host is parsed as
an address literal in every spelling a resolver would accept (`127.1`, `2130706433`, `0x7f000001`,
`[::ffff:127.0.0.1]`), names are resolved, and every address must pass. The client then connects
to an address that passed (client.py), so a second DNS answer cannot swap it (DNS rebinding)."""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable
from dataclasses import dataclass

from service.errors import UrlNotAllowed

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
# host, port -> the addresses the name stands for (tests pass a stub; see system_resolver)
Resolver = Callable[[str, int], list[IPAddress]]

_CGNAT = ipaddress.IPv4Network("100.64.0.0/10")  # carrier-grade NAT: Python 3.11 calls it global
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # a v4 address behind a NAT64 gateway
_NUMBER = re.compile(r"^(0[xX][0-9a-fA-F]*|[0-9]+)$")


def system_resolver(host: str, port: int) -> list[IPAddress]:
    """Every address getaddrinfo gives for the name, in its order, without duplicates."""
    found: list[IPAddress] = []
    for *_, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in found:
            found.append(address)
    return found


def _ipv4_part(text: str) -> int:
    if text[:2].lower() == "0x":
        return int(text[2:] or "0", 16)
    if len(text) > 1 and text.startswith("0"):
        return int(text, 8)  # raises for 8 and 9, as inet_aton refuses them
    return int(text)


def ip_literal(host: str, bracketed: bool) -> IPAddress | None:
    """The address a host spells, or None for a name. IPv4 is read as browsers and inet_aton read
    it (1 to 4 parts, each decimal, 0x-hex or 0-octal), so `127.1` and `0x7f000001` are loopback
    here as they would be on the wire. A host that looks numeric but is no address is refused."""
    if bracketed:
        if "%" in host:
            raise UrlNotAllowed("IPv6 zone ids are not accepted in URLs")
        try:
            return ipaddress.IPv6Address(host)
        except ValueError:
            raise UrlNotAllowed(f"{host!r} is not a valid IPv6 address") from None
    parts = host.split(".")
    if parts and parts[-1] == "":
        parts = parts[:-1]  # a trailing dot
    if not parts or not _NUMBER.match(parts[-1]):
        return None
    try:
        if len(parts) > 4 or not all(_NUMBER.match(p) for p in parts):
            raise ValueError
        numbers = [_ipv4_part(p) for p in parts]
        if any(n > 255 for n in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(numbers)):
            raise ValueError
    except ValueError:
        raise UrlNotAllowed(f"{host!r} looks like an IPv4 address but is not a valid one") from None
    value = numbers[-1]
    for n, part in enumerate(numbers[:-1]):
        value += part << (8 * (3 - n))
    return ipaddress.IPv4Address(value)


def is_public(address: IPAddress) -> bool:
    """Global unicast: not loopback, private, link-local, CGNAT, multicast, reserved or unspecified,
    and for IPv6 no IPv4-mapped address, nor a 6to4/Teredo/NAT64 one carrying a non-global IPv4."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return False
        embedded = address.sixtofour or (address.teredo[1] if address.teredo else None)
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None and not is_public(embedded):
            return False
    elif address in _CGNAT:
        return False
    return address.is_global and not (
        address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or address.is_loopback
        or address.is_link_local
        or address.is_private
    )


@dataclass(frozen=True)
class AddressPolicy:
    """NEWSDESK_FETCH_ALLOW, parsed: host names (`.corp.example` also covers its subdomains) whose
    every address is accepted, and networks whose addresses are. Empty: only global addresses."""

    hosts: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def parse(cls, allow: str) -> AddressPolicy:
        hosts: set[str] = set()
        networks: list[IPNetwork] = []
        for entry in (e.strip().lower() for e in allow.split(",")):
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
            except ValueError:
                if not re.fullmatch(r"\.?[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?", entry):
                    raise ValueError(
                        f"NEWSDESK_FETCH_ALLOW: {entry!r} is neither a host nor a CIDR"
                    ) from None
                hosts.add(entry.rstrip("."))
        return cls(frozenset(hosts), tuple(networks))

    def host_allowed(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return host in self.hosts or any(e.startswith(".") and host.endswith(e) for e in self.hosts)

    def check(self, host: str, addresses: list[IPAddress]) -> None:
        """Raises UrlNotAllowed unless every address may be connected to."""
        if not addresses:
            raise UrlNotAllowed(f"{host} has no address")
        if self.host_allowed(host):
            return
        for address in addresses:
            if is_public(address) or any(address in network for network in self.networks):
                continue
            raise UrlNotAllowed(
                f"{host} resolves to {address}, which is not a public address "
                "(an admin can open it with NEWSDESK_FETCH_ALLOW)"
                if str(address) != host
                else f"{host} is not a public address (an admin can open it with NEWSDESK_FETCH_ALLOW)"
            )
