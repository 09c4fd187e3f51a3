"""A small news site on 127.0.0.1, in a thread, for the web-ingest tests and benches.

Pages at /news/SLUG (tests/site_pages.py), an RSS feed at /feeds/rss.xml (every story), an Atom
feed at /feeds/atom.xml (the first four), and /feeds/big.xml with `generated` extra stories. Every
page and feed has an ETag and a Last-Modified and answers a matching conditional GET with 304;
feeds are gzipped when the client accepts it. A test changes a story with `change()` and makes any
path misbehave with `rule()`: a status (429 with Retry-After, 410, 301 to elsewhere), a wrong type,
a huge or compressed-huge body, a body that drips in slowly. `requests` logs every request (path
and headers) and `connections` counts TCP connections, so a test can show none was made."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.site_pages import Story, generated, render_atom, render_page, render_rss, specials, stories


@dataclass
class Resource:
    body: bytes
    kind: str
    modified: float = field(default_factory=lambda: time.time() - 3600)

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'


@dataclass
class Rule:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    kind: str | None = None
    drip_s: float = 0.0  # seconds between body bytes
    times: int | None = None  # applies this many times, then the path behaves again


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


class NewsSite:
    def __init__(self, generated_items: int = 0) -> None:
        self.stories: dict[str, Story] = {s.slug: s for s in [*stories(), *specials()]}
        self.big = generated(generated_items)
        self.resources: dict[str, Resource] = {}
        self.rules: dict[str, Rule] = {}
        self.requests: list[Seen] = []
        self.connections = 0
        self._lock = threading.Lock()
        site = self

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a client that hangs up mid-body (as the guarded one does past a cap) is no error

            def verify_request(self, request: Any, client_address: Any) -> bool:
                with site._lock:
                    site.connections += 1
                return True

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                site._serve(self)

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self._publish()
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> NewsSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def _publish(self) -> None:
        """(Re)render every page and feed; unchanged bodies keep their validators."""
        every = list(self.stories.values())
        fresh = {s.path: Resource(render_page(s, self.base), "text/html; charset=utf-8") for s in every}
        fresh |= {s.path: Resource(render_page(s, self.base), "text/html; charset=utf-8") for s in self.big}
        fresh["/feeds/rss.xml"] = Resource(render_rss(every, self.base), "application/rss+xml")
        fresh["/feeds/atom.xml"] = Resource(render_atom(every[:4], self.base), "application/atom+xml")
        fresh["/feeds/big.xml"] = Resource(render_rss(self.big, self.base, "Big feed"), "application/rss+xml")
        with self._lock:
            for path, resource in fresh.items():
                old = self.resources.get(path)
                if old is None or old.body != resource.body:
                    self.resources[path] = (
                        resource if old is None else Resource(resource.body, resource.kind, time.time())
                    )

    def change(self, slug: str, **changes: Any) -> Story:
        """Edit a story (e.g. body=[...], summary=...); its page and the feeds listing it change."""
        story = self.stories[slug]
        for name, value in changes.items():
            setattr(story, name, value)
        self._publish()
        return story

    def add(self, story: Story) -> None:
        self.stories[story.slug] = story
        self._publish()

    def alias(self, path: str, to: str) -> None:
        """Serve `to`'s resource at `path` too (the new home of a feed that moved)."""
        with self._lock:
            self.resources[path] = self.resources[to]

    def rule(self, path: str, **kwargs: Any) -> None:
        self.rules[path] = Rule(**kwargs)

    def hits(self, path: str) -> list[Seen]:
        with self._lock:
            return [s for s in self.requests if s.path == path]

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path.split("?", 1)[0]
        headers = {k.lower(): v for k, v in handler.headers.items()}
        with self._lock:
            self.requests.append(Seen(handler.path, headers))
            rule = self.rules.get(path)
            if rule is not None and rule.times is not None:
                rule.times -= 1
                if rule.times <= 0:
                    del self.rules[path]
            resource = self.resources.get(path)
        if rule is not None:
            self._send_rule(handler, rule)
            return
        if resource is None:
            self._send(handler, 404, b"not found", {"Content-Type": "text/plain"})
            return
        if self._not_modified(headers, resource):
            self._send(handler, 304, b"", {"ETag": resource.etag})
            return
        out = {
            "Content-Type": resource.kind,
            "ETag": resource.etag,
            "Last-Modified": formatdate(resource.modified, usegmt=True),
        }
        body = resource.body
        if "xml" in resource.kind and "gzip" in headers.get("accept-encoding", ""):
            body, out["Content-Encoding"] = gzip.compress(body), "gzip"
        self._send(handler, 200, body, out)

    @staticmethod
    def _not_modified(headers: dict[str, str], resource: Resource) -> bool:
        if "if-none-match" in headers:
            return headers["if-none-match"] == resource.etag
        since = headers.get("if-modified-since")
        if since:
            try:
                return parsedate_to_datetime(since).timestamp() >= int(resource.modified)
            except (TypeError, ValueError):
                return False
        return False

    def _send_rule(self, handler: BaseHTTPRequestHandler, rule: Rule) -> None:
        body = rule.body if rule.body is not None else b""
        kind = "text/html; charset=utf-8" if rule.kind is None else rule.kind
        out = {**({"Content-Type": kind} if kind else {}), **rule.headers}
        if not rule.drip_s:
            self._send(handler, rule.status, body, out)
            return
        handler.send_response(rule.status)
        for name, value in {**out, "Content-Length": str(len(body))}.items():
            handler.send_header(name, value)
        handler.end_headers()
        try:
            for n in range(len(body)):
                handler.wfile.write(body[n : n + 1])
                handler.wfile.flush()
                time.sleep(rule.drip_s)
        except OSError:
            pass  # the client gave up, as it should

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str]) -> None:
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name, value)
        if status != 304:
            handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        with contextlib.suppress(OSError):
            handler.wfile.write(body)
