"""API keys: which bearer tokens may call the service, checked in constant time.

Keys are compared with `hmac.compare_digest` against every configured key (no early exit on the
first match), so the time taken does not say which key or how much of it was right. Keys are never
logged or used as names: a caller is filed under a SHA-256 digest of its key."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence


class ApiKeys:
    def __init__(self, keys: Sequence[str]) -> None:
        self._keys = [k.encode() for k in keys]

    @property
    def required(self) -> bool:
        """Without keys the service serves loopback only and asks for none (`newsdesk serve`)."""
        return bool(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def accepts(self, token: str) -> bool:
        given = token.encode()
        found = False
        for key in self._keys:
            # Check every key, never short-circuit, so timing does not reveal which one matched.
            found |= hmac.compare_digest(given, key)
        return found

    @staticmethod
    def caller(token: str) -> str:
        """The name a caller's requests are counted under: never the key itself."""
        return "key:" + hashlib.sha256(token.encode()).hexdigest()[:16]
