"""A small OpenAI Batch API on 127.0.0.1 for tests, in front of a real OpenAI-compatible model server.

llama-cpp-python's server has no Batch API, so this one adds it: /v1/files (multipart upload, file
object, content) and /v1/batches (create, retrieve), with the shapes the openai SDK parses. A batch
runs in a background thread, one line at a time, by POSTing each line's body to the upstream server
(the real GGUF model), and ends with an output file and an error file as OpenAI writes them. Every
other /v1 route is proxied to the upstream, so the direct path reaches the same model through the same
base URL. It lives in the test process, so a batch goes on when the client under test is killed.
`fail_custom_ids` makes chosen lines fail (HTTP 500 in the error file) without calling the model."""

from __future__ import annotations

import json
import threading
import time
import uuid
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx


class BatchApiServer:
    def __init__(self, upstream: str, fail_custom_ids: set[str] | None = None) -> None:
        self.upstream = upstream.rstrip("/")  # e.g. http://127.0.0.1:PORT/v1
        self.fail_custom_ids = fail_custom_ids or set()
        self.files: dict[str, tuple[dict[str, Any], bytes]] = {}
        self.batches: dict[str, dict[str, Any]] = {}  # every batch ever created, by id
        self.direct_bodies: list[dict[str, Any]] = []  # proxied POST /v1/chat/completions bodies
        self.lock = threading.Lock()
        self.http = httpx.Client(timeout=1800)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> BatchApiServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.http.close()

    def file_lines(self, file_id: str) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.files[file_id][1].decode().splitlines() if line.strip()]

    def _store(self, content: bytes, filename: str, purpose: str) -> dict[str, Any]:
        meta = {
            "id": f"file-{uuid.uuid4().hex[:24]}",
            "object": "file",
            "bytes": len(content),
            "created_at": int(time.time()),
            "filename": filename,
            "purpose": purpose,
            "status": "processed",
        }
        with self.lock:
            self.files[meta["id"]] = (meta, content)
        return meta

    def _create_batch(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if params.get("input_file_id") not in self.files or params.get("completion_window") != "24h":
            return 400, {"error": {"message": "unknown input_file_id or bad completion_window"}}
        batch = {
            "id": f"batch_{uuid.uuid4().hex[:24]}",
            "object": "batch",
            "endpoint": params.get("endpoint"),
            "input_file_id": params["input_file_id"],
            "completion_window": "24h",
            "status": "validating",
            "created_at": int(time.time()),
            "metadata": params.get("metadata"),
            "request_counts": {"total": 0, "completed": 0, "failed": 0},
        }
        with self.lock:
            self.batches[batch["id"]] = batch
        threading.Thread(target=self._work, args=(batch,), daemon=True).start()
        return 200, batch

    def _work(self, batch: dict[str, Any]) -> None:
        """Runs the batch as OpenAI would: validate every line, then run them, then write files."""
        lines = self.file_lines(batch["input_file_id"])
        ids = [line.get("custom_id") for line in lines]
        bad = [n for n, line in enumerate(lines, 1) if line.get("url") != batch["endpoint"]]
        if bad or len(set(ids)) != len(ids):
            errors = [
                {"code": "invalid_request", "message": "bad url or duplicate custom_id", "line": n}
                for n in bad
            ]
            batch.update(
                status="failed", failed_at=int(time.time()), errors={"object": "list", "data": errors}
            )
            return
        batch.update(status="in_progress", in_progress_at=int(time.time()))
        batch["request_counts"]["total"] = len(lines)
        output, errors = [], []
        for line in lines:
            if line["custom_id"] in self.fail_custom_ids:
                status, body = 500, {"error": {"message": "injected failure", "type": "server_error"}}
            else:
                reply = self.http.post(f"{self.upstream}/chat/completions", json=line["body"])
                status, body = reply.status_code, reply.json()
            record = {
                "id": f"batch_req_{uuid.uuid4().hex[:16]}",
                "custom_id": line["custom_id"],
                "response": {"status_code": status, "request_id": uuid.uuid4().hex, "body": body},
                "error": None,
            }
            (output if status == 200 else errors).append(record)
            batch["request_counts"]["completed" if status == 200 else "failed"] += 1
        batch["status"] = "finalizing"
        for key, records in (("output_file_id", output), ("error_file_id", errors)):
            if records:
                content = "".join(json.dumps(r) + "\n" for r in records).encode()
                batch[key] = self._store(content, f"{batch['id']}_{key}.jsonl", "batch_output")["id"]
        batch.update(status="completed", completed_at=int(time.time()))

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _send(
                self, status: int, body: bytes | dict[str, Any], kind: str = "application/json"
            ) -> None:
                raw = json.dumps(body).encode() if isinstance(body, dict) else body
                self.send_response(status)
                self.send_header("content-type", kind)
                self.send_header("content-length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def _body(self) -> bytes:
                return self.rfile.read(int(self.headers.get("content-length", 0)))

            def do_GET(self) -> None:
                parts = self.path.split("?")[0].strip("/").split("/")  # v1, files|batches, id, ...
                if parts[1:2] == ["files"] and len(parts) >= 3 and parts[2] in owner.files:
                    meta, content = owner.files[parts[2]]
                    if parts[3:] == ["content"]:
                        self._send(200, content, "application/octet-stream")
                    else:
                        self._send(200, meta)
                elif parts[1:2] == ["batches"] and len(parts) == 3:
                    batch = owner.batches.get(parts[2])
                    self._send(200, batch) if batch else self._send(
                        404, {"error": {"message": "no such batch"}}
                    )
                else:
                    self._proxy("GET", b"")

            def do_POST(self) -> None:
                body = self._body()
                path = self.path.split("?")[0].rstrip("/")
                if path == "/v1/files":
                    header = f"Content-Type: {self.headers['content-type']}\r\n\r\n".encode()
                    form = BytesParser(policy=HTTP).parsebytes(header + body)
                    fields = {p.get_param("name", header="content-disposition"): p for p in form.iter_parts()}
                    upload = fields["file"]
                    purpose = fields["purpose"].get_payload(decode=True).decode()
                    content = upload.get_payload(decode=True)
                    self._send(200, owner._store(content, upload.get_filename() or "upload", purpose))
                elif path == "/v1/batches":
                    self._send(*owner._create_batch(json.loads(body)))
                else:
                    if path == "/v1/chat/completions":
                        owner.direct_bodies.append(json.loads(body))
                    self._proxy("POST", body)

            def _proxy(self, method: str, body: bytes) -> None:
                url = owner.upstream + self.path.removeprefix("/v1")
                headers = {"content-type": self.headers.get("content-type", "application/json")}
                reply = owner.http.request(method, url, content=body, headers=headers)
                kind = reply.headers.get("content-type", "application/json")
                self._send(reply.status_code, reply.content, kind)

        return Handler
