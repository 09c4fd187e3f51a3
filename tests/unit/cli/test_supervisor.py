"""`newsdesk serve --workers N`'s supervisor replaces a worker that stops answering its liveness ping
within the short ping timeout, not within the 300 s a new worker gets to load its models: with
uvicorn's single setting, a worker killed while a ping was in flight held the supervisor (and so
SIGTERM) for 300 s. The silent worker here is a real child process that never answers."""

from __future__ import annotations

import multiprocessing
import signal
import time
from typing import ClassVar

import pytest
from uvicorn import Config
from uvicorn.supervisors import multiprocess

from service.cli import supervisor
from service.cli.supervisor import READY_S, WorkerSupervisor


class Replacement:
    """Stands in for the new worker uvicorn starts (a real one would load the whole app)."""

    started: ClassVar[list[Replacement]] = []

    def __init__(self, config: Config, sockets: list) -> None:
        self.config = config

    def start(self) -> None:
        Replacement.started.append(self)


def test_a_silent_worker_is_replaced_after_the_short_ping_not_the_ready_wait(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(supervisor, "PING_S", 0.5)
    config = Config("service.api:create_app", factory=True, workers=2, timeout_worker_healthcheck=READY_S)
    handlers = {sig: signal.getsignal(sig) for sig in multiprocess.SIGNALS}
    try:
        workers = WorkerSupervisor(config, sockets=[])  # it installs its own signal handlers
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)

    silent = multiprocess.Process(config, [])
    silent.process = multiprocessing.get_context("spawn").Process(target=time.sleep, args=(600,))
    silent.process.start()  # alive, and nothing in it answers the ping pipe
    workers.processes = [silent]
    monkeypatch.setattr(multiprocess, "Process", Replacement)
    Replacement.started.clear()

    began = time.monotonic()
    workers.keep_subprocess_alive()
    took = time.monotonic() - began

    assert took < 30, f"the supervisor waited {took:.0f} s on a silent worker"
    assert silent.process.exitcode == -signal.SIGKILL  # judged hung, killed
    assert [type(p) for p in workers.processes] == [Replacement] and len(Replacement.started) == 1
    assert config.timeout_worker_healthcheck == READY_S  # a rolling restart still waits READY_S
