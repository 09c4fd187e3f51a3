"""Articles from the web: pages by URL and RSS/Atom feeds, fetched only through the guarded client.

addresses.py (which addresses may be dialled; NEWSDESK_FETCH_ALLOW), urls.py (strict parsing and
the canonical form), body.py (byte cap after decompression, deadline, content types), client.py
(the guarded client: resolve, check, dial the checked address, redirects by hand)."""

from service.sources.addresses import AddressPolicy
from service.sources.client import Fetched, GuardedClient

__all__ = ["AddressPolicy", "Fetched", "GuardedClient"]
