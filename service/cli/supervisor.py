"""The supervisor of `newsdesk serve --workers N`: uvicorn's own, with two timeouts where it has one.

uvicorn uses `timeout_worker_healthcheck` both as the time a new worker gets to become ready (a
rolling restart waits that long) and as the timeout of the liveness ping it sends every worker twice
a second. A Newsdesk worker needs 15-30 s to load its models, so the first must be long; but a long
ping timeout stalls the supervisor: a worker killed while a ping is in flight never answers, and its
pipe never reports the end either (the supervisor holds the other end's copy), so the supervisor
waits the whole timeout. For those seconds it neither replaces the dead worker nor acts on SIGTERM
(seen: a stop that did not begin within 60 s of SIGTERM, after a worker was killed with kill -9).
The liveness ping here gets uvicorn's own default instead."""

from __future__ import annotations

import socket

from uvicorn import Config
from uvicorn.supervisors.multiprocess import Multiprocess

READY_S = 300  # a new worker's time to load its models (SIGHUP's rolling restart waits this long)
PING_S = 5  # uvicorn's default: a live worker's pong thread answers in milliseconds


class WorkerSupervisor(Multiprocess):
    def keep_subprocess_alive(self) -> None:
        # uvicorn reads the one setting for both waits; this pass only pings, so it sees the short one.
        ready_s = self.config.timeout_worker_healthcheck
        self.config.timeout_worker_healthcheck = PING_S
        try:
            super().keep_subprocess_alive()
        finally:
            self.config.timeout_worker_healthcheck = ready_s


def run_workers(config: Config) -> None:
    """What `uvicorn.run` does for `workers > 1`, with this supervisor."""
    sock: socket.socket = config.bind_socket()
    WorkerSupervisor(config, sockets=[sock]).run()
