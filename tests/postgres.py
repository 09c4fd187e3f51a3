"""A throwaway PostgreSQL server on 127.0.0.1 for the multi-host tests and benches: Debian's
postgresql binaries, a fresh cluster in a temporary folder, a free port, stopped and removed at the
end. It can be stopped and started again in the middle of a test (a database restart under a running
service).

initdb and postgres refuse to run as root, so as root the cluster belongs to the `postgres` user
that Debian's package creates (`runuser`). Only loopback: `listen_addresses = '127.0.0.1'`, no unix
socket, trust authentication for that one address (a test cluster that lives for one run).

Where no PostgreSQL is installed, `make test` installs Debian's (see the Makefile); a test run
without it fails with `PostgresMissing`, saying so, rather than skipping the feature's tests."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


class PostgresMissing(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def server_bin() -> Path:
    """The newest installed server's bin folder (Debian: /usr/lib/postgresql/<major>/bin)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if found:
        return found[-1].parent
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    raise PostgresMissing(
        "PostgreSQL is not installed: `make postgres` (apt-get install postgresql) installs it; "
        "the multi-host tests need a real server"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresServer:
    def __init__(self, log: Path | None = None, shared_buffers: str = "256MB") -> None:
        self.bin = server_bin()
        self.port = _free_port()
        self.root = Path(tempfile.mkdtemp(prefix="newsdesk-pg-"))
        self.data = self.root / "data"
        self.log = log or self.root / "server.log"
        self.process: subprocess.Popen[bytes] | None = None
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            self._as_user = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.root, "postgres")
        self._run(
            [
                str(self.bin / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "newsdesk",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ]
        )
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"listen_addresses = '127.0.0.1'\nport = {self.port}\nunix_socket_directories = ''\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"  # a throwaway cluster
                f"max_connections = 200\nshared_buffers = {shared_buffers}\n"
            )

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://newsdesk@127.0.0.1:{self.port}/postgres"

    def _run(self, cmd: list[str]) -> None:
        subprocess.run([*self._as_user, *cmd], check=True, capture_output=True, cwd=self.root)

    def start(self, timeout_s: float = 60) -> None:
        assert self.process is None or self.process.poll() is not None
        out = self.log.open("ab")
        self.process = subprocess.Popen(
            [*self._as_user, str(self.bin / "postgres"), "-D", str(self.data)],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=self.root,
        )
        out.close()
        deadline = time.monotonic() + timeout_s
        while True:
            ready = subprocess.run(
                [str(self.bin / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)], capture_output=True
            )
            if ready.returncode == 0:
                return
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"postgres did not start:\n{self.log.read_text()[-2000:]}")
            time.sleep(0.2)

    def stop(self, mode: str = "fast") -> None:
        """Stop the server. `fast` drops every client connection at once, as a database restart or
        fail-over does to the service; `immediate` is a crash (recovery from WAL at the next start)."""
        if self.process is None or self.process.poll() is not None:
            return
        # pg_ctl signals the postmaster itself (runuser would not pass the signal on as sent).
        subprocess.run(
            [*self._as_user, str(self.bin / "pg_ctl"), "stop", "-D", str(self.data), "-m", mode, "-w"],
            capture_output=True,
            cwd=self.root,
        )
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


@contextlib.contextmanager
def postgres_server(log: Path | None = None) -> Iterator[PostgresServer]:
    server = PostgresServer(log)
    try:
        server.start()
        yield server
    finally:
        server.remove()
