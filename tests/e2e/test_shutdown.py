"""SIGTERM ends `newsdesk serve` (embedded llama.cpp children, the offline default: the model server
and the chat's rewriter process) within seconds and leaves no model server behind: when idle, and when the model is still generating for a request
that already gave up (a 504), which is what used to hold shutdown for the child's 10 s grace. After
kill -9 the kernel kills the child (PR_SET_PDEATHSIG), even while it generates.

Exit status: uvicorn finishes its graceful shutdown (the lifespan runs to its end and logs
"Application shutdown complete.") and then re-raises the SIGTERM it caught, so the process ends
"terminated by SIGTERM" (-15 here, 143 in a shell), which systemd and Docker count as a clean stop."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from service.llm.provider import REWRITER_NICE
from tests.conftest import Service, run_service, seed_text

PROMPT_EXIT_S = 5.0


def llama_children(pid: int) -> list[int]:
    """The llama_cpp.server processes the service started (read from /proc: no psutil here)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
            if b"llama_cpp.server" in cmdline:
                found.append(int(child))
    return found


def alive(pid: int) -> bool:
    """Running, not a zombie waiting to be reaped by whoever inherited it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def signal_and_time(svc: Service, sig: int) -> tuple[int, float]:
    started = time.monotonic()
    svc.process.send_signal(sig)
    code = svc.process.wait(timeout=60)
    return code, time.monotonic() - started


def check_exit(svc: Service, children: list[int], sig: int, code: int, took: float) -> None:
    assert took < PROMPT_EXIT_S, f"{signal.Signals(sig).name} took {took:.1f}s"
    assert code == -sig, code
    log = svc.log.read_text(errors="replace")
    assert "Traceback" not in log, log[-3000:]
    if sig == signal.SIGTERM:
        assert "Application shutdown complete." in log, log[-3000:]
    deadline = time.monotonic() + 2  # the kernel may take a moment to deliver PDEATHSIG
    while any(alive(c) for c in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [c for c in children if alive(c)]
    assert not left, f"llama_cpp.server {left} outlived the service"


def test_idle_service_exits_promptly_on_sigterm(tmp_path_factory: pytest.TempPathFactory) -> None:
    with run_service(tmp_path_factory.mktemp("shutdown-idle"), "shutdown-idle") as svc:
        children = llama_children(svc.process.pid)
        assert len(children) == 2, children  # the model server and the rewriter process
        # The rewriter runs niced: its prewarm yields the cores to answers (llm/llama_server.py).
        own = os.getpriority(os.PRIO_PROCESS, svc.process.pid)
        assert sorted(os.getpriority(os.PRIO_PROCESS, c) - own for c in children) == [0, REWRITER_NICE]
        assert svc.http.get("/articles").status_code == 200
        time.sleep(1)
        code, took = signal_and_time(svc, signal.SIGTERM)
    check_exit(svc, children, signal.SIGTERM, code, took)
    print(f"idle SIGTERM -> exit {code} in {took:.2f}s")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "kill-9"])
def test_stop_while_the_model_works_for_a_request_that_gave_up(
    tmp_path_factory: pytest.TempPathFactory, sig: int
) -> None:
    # A 3 s model deadline: the summary request gets its 504 while llama.cpp is still reading the
    # article, and goes on generating for nobody.
    env = {"NEWSDESK_LLM_TIMEOUT_S": "3"}
    with run_service(tmp_path_factory.mktemp("shutdown-busy"), "shutdown-busy", env) as svc:
        children = llama_children(svc.process.pid)
        assert len(children) == 2, children
        stored = svc.http.post("/articles", json={"id": "seed", "title": "Peru", "text": seed_text()})
        assert stored.status_code == 200, stored.text
        response = svc.http.post("/articles/seed/summary")
        assert response.status_code == 504, response.text
        before = sum(cpu_ticks(c) for c in children)
        time.sleep(1)
        busy = sum(cpu_ticks(c) for c in children) - before
        assert busy >= 10, "the model is not busy: this test would prove nothing"
        code, took = signal_and_time(svc, sig)
    check_exit(svc, children, sig, code, took)
    print(f"busy-model {signal.Signals(sig).name} -> exit {code} in {took:.2f}s")
