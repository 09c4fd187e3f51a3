"""A poll of a 100-item feed end to end: the fixture site on 127.0.0.1 serves a generated RSS feed
and its 100 pages (three layouts, boilerplate around each body); Newsdesk's container (no LLM, the
real MiniLM embedder and Chroma in a temporary data dir) follows the feed and polls it: the feed
fetched (conditional GET, gzip), 100 pages fetched through the guarded client (two per host at a
time), extracted, embedded and committed in groups of 25. Then the same poll again, which is one
304. Printed: seconds for the first poll and per item, and the part of it that is fetching and
extracting alone (the same 100 pages read again by the same client, four threads, no ingest).

    .venv/bin/python bench/feed_poll.py [--items 100] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from service.config import Settings  # noqa: E402
from service.container import Container  # noqa: E402
from tests.news_site import NewsSite  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, NewsSite(generated_items=args.items) as site:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            data_dir=Path(tmp),
            fetch_allow="127.0.0.1",
            feed_max_items=max(args.items, 1),
            feed_check_interval_s=0,
        )
        parts = Container(settings, with_llm=False)
        parts.embeddings.embed_documents(["warm up the model"])  # loading is not part of a poll
        try:
            feed, _ = parts.feeds.add(site.url("/feeds/big.xml"))
            started = time.perf_counter()
            report = parts.feeds.poll_now(feed.id)
            first = time.perf_counter() - started
            statuses = [i.status for i in report.items]
            requests_before = len(site.requests)
            started = time.perf_counter()
            again = parts.feeds.poll_now(feed.id)
            second = time.perf_counter() - started
            second_requests = len(site.requests) - requests_before
            reader = parts.feeds.poller.reader
            urls = [site.url(s.path) for s in site.big]
            started = time.perf_counter()
            with ThreadPoolExecutor(4) as pool:
                pages = list(pool.map(reader.read, urls))
            fetch_extract = time.perf_counter() - started
            chunks = sum(r.chunk_count for r in parts.registry.page(0, 10_000)[0])
        finally:
            parts.close()
    figures = {
        "items": args.items,
        "created": statuses.count("created"),
        "failed": statuses.count("failed"),
        "chunks": chunks,
        "first_poll_s": round(first, 2),
        "s_per_item": round(first / max(args.items, 1), 4),
        "fetch_and_extract_s": round(fetch_extract, 2),
        "pages_read": sum(1 for p in pages if p.extracted and p.extracted.text),
        "second_poll": again.outcome,
        "second_poll_ms": round(1000 * second, 1),
        "requests_in_second_poll": second_requests,
    }
    print(f"feed of {args.items} items on 127.0.0.1, no LLM, MiniLM + Chroma in a temporary data dir")
    print(f"first poll:  {first:.2f} s ({1000 * first / args.items:.1f} ms per item): "
          f"{figures['created']} created, {figures['failed']} failed, {chunks} chunks")  # fmt: skip
    print(f"  of which fetch + extract alone (same pages, 4 threads): {fetch_extract:.2f} s")
    print(f"second poll: {again.outcome} in {1000 * second:.1f} ms, {second_requests} request(s)")
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    from common import print_cpu_line

    print_cpu_line()  # which fast paths these figures ran on
    main()
