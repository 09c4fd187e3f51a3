"""A model server that lists its models but dies on its first completion (a llama.cpp build whose
kernels crash on this CPU) stops the start with the reason, instead of passing for ready. The
stand-in is a real child process on loopback, started and watched by the real `LlamaServer.start`."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from service.llm.llama_server import LlamaServer

# Answers GET /v1/models like llama_cpp.server, and dies the way a crashing kernel kills it.
STAND_IN = """
import http.server, os, sys
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b'{"object": "list", "data": [{"id": "model"}]}'
        self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers()
        self.wfile.write(body)
    def do_POST(self):
        if sys.argv[2] != "ok":
            os._exit(int(sys.argv[2]))
        body = b'{"choices": [{"message": {"role": "assistant", "content": "Hello"}}]}'
        self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args): pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
"""


@dataclass
class StandIn(LlamaServer):
    outcome: str = "ok"  # "ok", or the exit code it dies with on its first completion

    def command(self) -> list[str]:
        return [sys.executable, "-c", STAND_IN, str(self.port), self.outcome]


def stand_in(tmp_path: Path, outcome: str) -> StandIn:
    return StandIn(tmp_path / "model.gguf", "model", 1, 1024, tmp_path / "llama.log", outcome=outcome)


def test_a_server_that_dies_on_its_first_completion_stops_the_start(tmp_path: Path) -> None:
    server = stand_in(tmp_path, "139")
    with pytest.raises(RuntimeError, match=r"failed its first completion.*AMX"):
        server.start(timeout_s=30)
    assert not server.alive()  # nothing left behind


def test_a_server_that_completes_is_ready(tmp_path: Path) -> None:
    server = stand_in(tmp_path, "ok")
    try:
        server.start(timeout_s=30)
        assert server.alive()
    finally:
        server.stop()
