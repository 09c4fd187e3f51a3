"""`newsdesk serve --workers N`'s supervisor waits long for a worker that is alive but slow to answer
its liveness ping (one loading its models), yet not a moment for one whose process has ended: with
uvicorn's own check, a worker killed while a ping was in flight held the supervisor, and so SIGTERM,
for the whole 300 s. Nor does it hold a signal back. The workers here are real child processes."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
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


def answer_late(conn: Connection, after_s: float) -> None:
    """A worker busy loading: it answers its first ping only after `after_s`, then idles."""
    time.sleep(after_s)
    conn.recv()
    conn.send(False)
    time.sleep(600)


@pytest.fixture
def workers(monkeypatch: pytest.MonkeyPatch) -> Iterator[WorkerSupervisor]:
    config = Config("service.api:create_app", factory=True, workers=1, timeout_worker_healthcheck=READY_S)
    handlers = {sig: signal.getsignal(sig) for sig in multiprocess.SIGNALS}
    try:
        made = WorkerSupervisor(config, sockets=[])  # it installs its own signal handlers
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    monkeypatch.setattr(supervisor, "Process", Replacement)
    Replacement.started.clear()
    yield made
    for worker in made.processes:
        if isinstance(worker, multiprocess.Process) and worker.process.is_alive():
            worker.process.kill()
            worker.process.join()


def child(workers: WorkerSupervisor, answer_after_s: float | None) -> multiprocess.Process:
    """A real worker process: silent (None) or answering its first ping after `answer_after_s`."""
    worker = multiprocess.Process(workers.config, [])
    spawn = multiprocessing.get_context("spawn")
    if answer_after_s is None:
        worker.process = spawn.Process(target=time.sleep, args=(600,))
    else:
        worker.process = spawn.Process(target=answer_late, args=(worker.child_conn, answer_after_s))
    worker.process.start()
    workers.processes = [worker]
    return worker


def later(seconds: float, action: Callable[[], object]) -> None:
    threading.Timer(seconds, action).start()


def test_a_worker_killed_while_a_ping_waits_is_replaced_at_once(workers: WorkerSupervisor) -> None:
    silent = child(workers, answer_after_s=None)
    assert silent.process.pid is not None
    later(1.0, lambda: os.kill(silent.process.pid, signal.SIGKILL))

    began = time.monotonic()
    workers.keep_subprocess_alive()
    took = time.monotonic() - began

    assert took < 30, f"the supervisor waited {took:.0f} s on a dead worker"
    assert silent.process.exitcode == -signal.SIGKILL
    assert workers.processes == Replacement.started and len(Replacement.started) == 1


def test_a_worker_slow_to_answer_is_waited_for_not_killed(workers: WorkerSupervisor) -> None:
    # It answers after 2 s, eight of the supervisor's slices of waiting, within a 10 s timeout.
    slow = child(workers, answer_after_s=2.0)
    workers.config.timeout_worker_healthcheck = 10

    workers.keep_subprocess_alive()

    assert slow.process.is_alive() and workers.processes == [slow] and not Replacement.started


def test_a_signal_is_not_held_back_by_a_silent_worker(workers: WorkerSupervisor) -> None:
    silent = child(workers, answer_after_s=None)
    later(1.0, lambda: workers.signal_queue.append(signal.SIGTERM))

    began = time.monotonic()
    workers.keep_subprocess_alive()
    took = time.monotonic() - began

    assert took < 30, f"SIGTERM waited {took:.0f} s"
    assert silent.process.is_alive() and workers.processes == [silent]  # not killed for it
