"""https through the guarded client: the connection is dialled to the checked address while TLS is
spoken to the URL's host name (SNI and certificate check) and the Host header names it too. A
certificate for courier.example, made here by openssl, served on 127.0.0.1; a stub resolver maps
the name there."""

from __future__ import annotations

import ipaddress
import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from service.errors import FetchFailed
from service.sources.addresses import AddressPolicy, IPAddress
from service.sources.body import PAGE_TYPES
from service.sources.client import GuardedClient

NAME = "courier.example"


@pytest.fixture(scope="module")
def cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    key, crt = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={NAME}",
         "-addext", f"subjectAltName=DNS:{NAME}", "-keyout", str(key), "-out", str(crt)],
        check=True, capture_output=True,
    )  # fmt: skip
    return key, crt


@pytest.fixture(scope="module")
def https(cert: tuple[Path, Path]) -> Iterator[tuple[int, list[str | None], list[str]]]:
    names: list[str | None] = []  # the SNI each handshake named
    hosts: list[str] = []  # the Host header of each request

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            hosts.append(self.headers["Host"])
            body = b"<html><body><article><p>Secure story.</p></article></body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(cert[1]), str(cert[0]))
    context.sni_callback = lambda sock, name, ctx: names.append(name)  # type: ignore[assignment,misc,return-value]
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], names, hosts
    server.shutdown()
    server.server_close()


def client(cert: tuple[Path, Path]) -> GuardedClient:
    def resolve(host: str, port: int) -> list[IPAddress]:
        assert host == NAME
        return [ipaddress.ip_address("127.0.0.1")]

    trust = ssl.create_default_context(cafile=str(cert[1]))
    return GuardedClient(AddressPolicy.parse("127.0.0.1"), resolver=resolve, tls=trust)


def test_tls_speaks_to_the_name_while_dialling_the_checked_address(cert: tuple[Path, Path], https) -> None:  # type: ignore[no-untyped-def]
    port, names, hosts = https
    fetched = client(cert).fetch(f"https://{NAME}:{port}/story", PAGE_TYPES)
    assert fetched.status == 200 and b"Secure story" in fetched.body
    assert names[-1] == NAME and hosts[-1] == f"{NAME}:{port}"


def test_the_certificate_is_checked(cert: tuple[Path, Path], https) -> None:  # type: ignore[no-untyped-def]
    port, _, _ = https
    with pytest.raises(
        FetchFailed, match="CERTIFICATE_VERIFY_FAILED"
    ):  # it names courier.example, not 127.0.0.1
        client(cert).fetch(f"https://127.0.0.1:{port}/story", PAGE_TYPES)
    untrusting = GuardedClient(
        AddressPolicy.parse("127.0.0.1"), resolver=lambda h, p: [ipaddress.ip_address("127.0.0.1")]
    )
    with pytest.raises(
        FetchFailed, match="CERTIFICATE_VERIFY_FAILED"
    ):  # self-signed: not in certifi's bundle
        untrusting.fetch(f"https://{NAME}:{port}/story", PAGE_TYPES)
