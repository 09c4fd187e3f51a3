"""Articles from the web: pages by URL and RSS/Atom feeds, fetched only through the guarded client.

addresses.py (which addresses may be dialled; NEWSDESK_FETCH_ALLOW), urls.py (strict parsing and
the canonical form), body.py (byte cap after decompression, deadline, content types), client.py
(the guarded client: resolve, check, dial the checked address, redirects by hand), extract.py
(trafilatura), pages.py (by URL), feed_document.py (feedparser), feed_store.py (feeds and items in
the registry's database, leases), poller.py (one poll of one feed), feeds.py (the feeds service
and the background loop)."""

from service.sources.addresses import AddressPolicy
from service.sources.client import Fetched, GuardedClient
from service.sources.feed_store import FeedRecord, FeedStore
from service.sources.feeds import FeedService
from service.sources.pages import ArticleUrlIn, PageIngest, PageReader
from service.sources.poller import FeedPoller, ItemOutcome, PollReport

__all__ = [
    "AddressPolicy",
    "ArticleUrlIn",
    "FeedPoller",
    "FeedRecord",
    "FeedService",
    "FeedStore",
    "Fetched",
    "GuardedClient",
    "ItemOutcome",
    "PageIngest",
    "PageReader",
    "PollReport",
]
