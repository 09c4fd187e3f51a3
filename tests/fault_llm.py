"""A scripted OpenAI-compatible server on 127.0.0.1: it answers /v1/chat/completions slowly, with
junk, with HTTP 500, or (mode "answer") with a fixed answer, as the caller sets `mode`. It stands
where a real model server would, for fault tests and for tests and load runs that measure everything
but the model; the service talks to it through the real SDK.

In "answer" mode a streaming request gets the answer word by word as server-sent chunks, and a
request that offers a function (the brief chain's `article_brief`) gets a call of it filled from
the function's own schema, as a constrained decoder would produce: every id each pick list offers
(up to its limit), and a fixed sentence for `what`. The service then does what it does with any
draft: attaches sentences and verifies each item, so nothing is taken on trust.
`delay_s` makes each answer take that long, so that work is in flight when a test kills something;
`prompts` keeps the user message of every call it answers, for tests that count or read model work."""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FaultyLlm:
    def __init__(
        self, mode: str = "junk", answer: str = "", delay_s: float = 0.0, rate_limit_every: int = 0
    ) -> None:
        self.mode = mode
        self.answer = answer
        self.script: list[str] = []  # answers for the next calls, in order, before `answer` again
        self.delay_s = delay_s
        # Every Nth call gets 429 Too Many Requests, as a hosted API under load does (0: never).
        self.rate_limit_every = rate_limit_every
        self.rate_limited = 0
        self.calls = 0
        self.prompts: list[str] = []
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _send(self, status: int, body: bytes, kind: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("content-type", kind)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _stream(self, answer: str, usage: bool) -> None:
                """Server-sent events as OpenAI streams them: the answer word by word, then [DONE]."""
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.end_headers()
                words = re.findall(r"\S+\s*", answer)  # joined, exactly the answer
                deltas = [{"role": "assistant", "content": ""}] + [{"content": w} for w in words] + [{}]
                for n, delta in enumerate(deltas):
                    finish = "stop" if n == len(deltas) - 1 else None
                    chunk = {**_completion({}, "stop"), "object": "chat.completion.chunk"}
                    chunk["choices"] = [{"index": 0, "delta": delta, "finish_reason": finish}]
                    del chunk["usage"]
                    self.wfile.write(b"data: " + json.dumps(chunk).encode() + b"\n\n")
                if usage:
                    tail = {**_completion({}, "stop"), "object": "chat.completion.chunk", "choices": []}
                    self.wfile.write(b"data: " + json.dumps(tail).encode() + b"\n\n")
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

            def do_GET(self) -> None:
                self._send(
                    200,
                    json.dumps({"object": "list", "data": [{"id": "faulty", "object": "model"}]}).encode(),
                )

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("content-length", 0)))
                with owner._lock:
                    owner.calls += 1
                    limited = bool(owner.rate_limit_every) and owner.calls % owner.rate_limit_every == 0
                    owner.rate_limited += limited
                if limited:
                    self.send_response(429)
                    body = b'{"error": {"message": "rate limited", "type": "rate_limit_error"}}'
                    self.send_header("retry-after", "0.5")
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                if owner.mode == "slow":
                    time.sleep(8)
                    self._send(200, b"{}")
                elif owner.mode == "error":
                    self._send(500, b'{"error": {"message": "boom"}}')
                elif owner.mode == "answer":
                    time.sleep(owner.delay_s)
                    request = json.loads(raw or b"{}")
                    tools = request.get("tools") or []
                    with owner._lock:
                        owner.prompts.append(_user_text(request))
                        answer = owner.script.pop(0) if owner.script and not tools else owner.answer
                    if not tools and request.get("stream"):
                        self._stream(answer, bool((request.get("stream_options") or {}).get("include_usage")))
                        return
                    if not tools:
                        message = {"role": "assistant", "content": answer}
                        self._send(200, json.dumps(_completion(message, "stop")).encode())
                        return
                    message = {
                        "role": "assistant",
                        "content": None,
                        "tool_calls": [_fill(tools[0]["function"])],
                    }
                    self._send(200, json.dumps(_completion(message)).encode())
                elif owner.mode == "junk_tool":
                    message = {
                        "role": "assistant",
                        "content": None,
                        "tool_calls": [
                            {
                                "id": "c1",
                                "type": "function",
                                "function": {"name": "article_summary", "arguments": "{not json at all"},
                            }
                        ],
                    }
                    self._send(200, json.dumps(_completion(message)).encode())
                else:
                    self._send(200, b"<html>this is not an API response</html>", "text/html")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def __enter__(self) -> FaultyLlm:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def _completion(message: dict, finish: str = "tool_calls") -> dict:
    return {
        "id": "x",
        "object": "chat.completion",
        "created": 0,
        "model": "faulty",
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _user_text(request: dict) -> str:
    users = [m.get("content") for m in request.get("messages", []) if m.get("role") == "user"]
    return str(users[-1]) if users else ""


def _fill(function: dict) -> dict:
    """A call of `function` that its schema accepts, as a careless model might make it: every id a
    pick list offers (up to its limit), and a fixed sentence for every text field."""
    arguments: dict = {}
    for key, spec in function["parameters"]["properties"].items():
        if spec.get("type") == "array":
            choices = spec.get("items", {}).get("enum", [])
            arguments[key] = choices[: spec.get("maxItems", len(choices))]
        else:
            arguments[key] = "A scripted one-line gist."
    return {
        "id": "c1",
        "type": "function",
        "function": {"name": function["name"], "arguments": json.dumps(arguments)},
    }
