"""URLs: parsed once, strictly, into the parts a request is built from; and their canonical form.

The client builds its request from these parts (never from the string again), so the host that was
checked is the host that is asked. The canonical form is what an article's id comes from: the same
page reached with other tracking parameters, another case of host, a default port or a #fragment
is the same article."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote, urljoin, urlsplit

from service.errors import UrlNotAllowed
from service.sources.addresses import IPAddress, ip_literal

SCHEMES = {"http": 80, "https": 443}
MAX_URL_CHARS = 2_000
# Query parameters that say where a click came from, not which page it is.
TRACKING = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid",
    "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "ocid",
    "cmpid", "ncid", "s_cid", "wt_mc", "ref_src", "ref_url", "spm", "__twitter_impression",
}  # fmt: skip
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_")
_UNSAFE = re.compile(r"[\x00-\x20\x7f\\]")  # controls, spaces, backslashes: parsers disagree on them
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"


@dataclass(frozen=True)
class WebUrl:
    scheme: str
    host: str  # lower case, ASCII (IDNA), IPv6 without brackets
    port: int
    path: str  # percent-encoded, at least "/"
    query: str  # percent-encoded, without "?"
    literal: IPAddress | None  # the address the host spells, if it is one

    @property
    def authority(self) -> str:
        """What goes in the Host header: the host, bracketed if IPv6, with a port that is not the default."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == SCHEMES[self.scheme] else f"{host}:{self.port}"

    @property
    def target(self) -> str:
        return f"{self.path}?{self.query}" if self.query else self.path

    def text(self) -> str:
        return f"{self.scheme}://{self.authority}{self.target}"


def parse_web_url(raw: str) -> WebUrl:
    """An http(s) URL with a host and no credentials, or UrlNotAllowed saying what is wrong."""
    text = raw.strip()
    if len(text) > MAX_URL_CHARS:
        raise UrlNotAllowed(f"the URL is longer than {MAX_URL_CHARS} characters")
    if _UNSAFE.search(text):
        raise UrlNotAllowed("the URL holds spaces, control characters or backslashes")
    try:
        parts = urlsplit(text)
    except ValueError:
        raise UrlNotAllowed("the URL cannot be parsed") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise UrlNotAllowed(f"only http and https URLs can be fetched, not {scheme or 'this'}: {text[:100]}")
    if "@" in parts.netloc:
        raise UrlNotAllowed("URLs with a user name or password are not accepted")
    try:
        port = parts.port or SCHEMES[scheme]
    except ValueError:
        raise UrlNotAllowed("the URL's port is not a number from 1 to 65535") from None
    host = (parts.hostname or "").rstrip(".")
    if not host or port == 0:
        raise UrlNotAllowed("the URL has no host" if not host else "port 0 cannot be fetched")
    bracketed = parts.netloc.split("@")[-1].startswith("[")
    if not bracketed:
        try:
            host = host.encode("idna").decode("ascii").lower()
        except UnicodeError:
            raise UrlNotAllowed(f"{host!r} is not a valid host name") from None
    literal = ip_literal(host, bracketed)
    if literal is not None:
        host = str(literal)  # one spelling per address: 0x7f000001 is 127.0.0.1
    path = quote(parts.path or "/", safe=_PATH_SAFE)
    query = quote(parts.query, safe=_PATH_SAFE + "?")
    return WebUrl(scheme, host, port, path, query, literal)


def _tracking(pair: str) -> bool:
    key = unquote(pair.split("=", 1)[0]).lower()
    return key in TRACKING or key.startswith(_TRACKING_PREFIXES)


def canonical_url(raw: str) -> str:
    """The URL an article is known by: scheme and host in lower case, no default port, no fragment,
    no tracking parameters (the others keep their order and spelling)."""
    url = parse_web_url(raw)
    query = "&".join(p for p in url.query.split("&") if p and not _tracking(p))
    return WebUrl(url.scheme, url.host, url.port, url.path, query, url.literal).text()


def resolve_link(base: str, link: str | None) -> str | None:
    """A link of a page or feed made absolute, or None when it is not an http(s) URL."""
    if not link or not link.strip():
        return None
    try:
        return canonical_url(urljoin(base, link.strip()))
    except UrlNotAllowed:
        return None


def same_site(one: str, other: str) -> bool:
    """Same host (case and a leading www. aside): a page may name its own canonical URL, not another site's."""
    hosts = [(urlsplit(u).hostname or "").lower().removeprefix("www.") for u in (one, other)]
    return bool(hosts[0]) and hosts[0] == hosts[1]
