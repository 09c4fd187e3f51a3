"""The supervisor of `newsdesk serve --workers N`: uvicorn's own (0.54, pinned), with a liveness check
that cannot hold it.

Twice a second uvicorn pings every worker and waits for the answer up to `timeout_worker_healthcheck`.
A Newsdesk worker needs 15-30 s of CPU to load its models, on a machine where three of them load at
once, so that timeout must be long (a short one kills workers that are only slow: uvicorn's issue
#2506). But a worker killed while a ping is in flight never answers, and its pipe never reports the
end either (the supervisor holds a copy of the worker's end), so the supervisor waited the whole
timeout: for those seconds it neither replaced the dead worker nor acted on SIGTERM (seen: a stop
that had not begun 60 s after SIGTERM, following a kill -9 of one worker).

Here the wait for an answer stays as long, but is cut short when the worker's process has ended
(judged dead at once) or a signal waits for the supervisor (answered later: the signal comes first)."""

from __future__ import annotations

import logging
import socket
import time

from uvicorn import Config
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors.multiprocess import Multiprocess, Process

READY_S = 300  # a worker's time to answer while it loads its models (and to be ready after SIGHUP)
SLICE_S = 0.25  # how often a wait for an answer looks at the worker's process and the signals

log = logging.getLogger("uvicorn.error")


class WorkerSupervisor(Multiprocess):
    def answers(self, worker: Process) -> bool:
        """Whether `worker` answers a ping within `timeout_worker_healthcheck`; False as soon as its
        process has ended, True as soon as a signal waits (its answer is then read at the next ping)."""
        deadline = time.monotonic() + self.config.timeout_worker_healthcheck
        try:
            worker.parent_conn.send(b"ping")
            while not worker.parent_conn.poll(SLICE_S):
                if not worker.process.is_alive():
                    return False
                if self.signal_queue:
                    return True
                if time.monotonic() > deadline:
                    return False
            worker.parent_conn.recv()
            return True
        except (OSError, EOFError):  # its pipe closed: it is gone
            return False

    def keep_subprocess_alive(self) -> None:
        """uvicorn's own, with `answers` for its ping."""
        if self.should_exit.is_set():
            return
        for idx, worker in enumerate(self.processes):
            if self.answers(worker):
                continue
            worker.kill()  # hung or dead: make sure, and reap it
            worker.join()
            if worker.exitcode == STARTUP_FAILURE:
                # It failed before it served: the app or the socket is broken, every restart would too.
                log.error(f"Child process [{worker.pid}] failed to start, stopping the parent process.")
                self.should_exit.set()
                return
            log.info(f"Child process [{worker.pid}] died")
            replacement = Process(self.config, self.sockets)
            replacement.start()
            self.processes[idx] = replacement


def run_workers(config: Config) -> None:
    """What `uvicorn.run` does for `workers > 1`, with this supervisor."""
    sock: socket.socket = config.bind_socket()
    WorkerSupervisor(config, sockets=[sock]).run()
