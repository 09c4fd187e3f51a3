"""The embedded LLM as a managed child process: llama-cpp-python's OpenAI-compatible server on 127.0.0.1.

Why a child server and not an in-process llama.cpp model (README "LLM"): both providers then go
through the same `ChatOpenAI` code path (structured output, streaming, timeouts, retries), the
OpenAI path is exercised by every run, and the model is loaded once outside the web workers."""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

log = logging.getLogger(__name__)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:
    """Runs in the child before exec: the kernel kills the child when the parent dies, even by kill -9.
    SIGKILL, not SIGTERM: the model server holds nothing to save, and on SIGTERM its uvicorn first
    finishes the generation in flight, minutes on a loaded machine, for a client that is gone."""
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


@dataclass
class LlamaServer:
    model_path: Path
    alias: str  # the model id clients ask for
    threads: int
    n_ctx: int
    log_path: Path
    port: int = field(default_factory=free_port)
    prompt_cache_mb: int = 0
    flash_attn: bool = False
    # Prompt-lookup decoding: draft the next tokens by copying a span of the prompt that the output
    # just repeated, and let the model check them in one pass. Greedy output is unchanged; answers
    # and sentences that copy names and figures from their passages come out faster.
    prompt_lookup: int = 0  # tokens drafted per step; 0 = off
    # Added to the child's niceness: the rewriter process runs niced, so that its prewarm of a
    # conversation (service/chat/prewarm.py), which nobody waits for, yields the cores to an answer
    # that someone does. Its own rewrites run while the answer process is idle, so lose nothing.
    nice: int = 0
    _process: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(self.model_path),
            "--model_alias",
            self.alias,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--n_ctx",
            str(self.n_ctx),
            "--n_threads",
            str(self.threads),
            "--n_threads_batch",
            str(self.threads),
            "--n_batch",
            "512",
            # llama-cpp-python keeps the logits of every prompt token by default (for logprobs and
            # echo, which nothing here asks for): a vocabulary-sized row per token of every prompt.
            "--logits_all",
            "false",
            "--flash_attn",
            str(self.flash_attn).lower(),
            *(
                [
                    "--draft_model",
                    "prompt-lookup-decoding",
                    "--draft_model_num_pred_tokens",
                    str(self.prompt_lookup),
                ]
                if self.prompt_lookup
                else []
            ),
            *(
                ["--cache", "true", "--cache_size", str(self.prompt_cache_mb << 20)]
                if self.prompt_cache_mb
                else []
            ),
        ]

    def start(self, timeout_s: float = 180.0) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log_file = self.log_path.open("ab")
        nice = self.nice

        def before_exec() -> None:
            _die_with_parent()
            if nice:
                os.nice(nice)

        self._process = subprocess.Popen(
            self.command(), stdout=log_file, stderr=subprocess.STDOUT, preexec_fn=before_exec
        )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(
                    f"llama_cpp.server exited with {self._process.returncode}; see {self.log_path}"
                )
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.base_url}/models", timeout=2).status_code == 200:
                    self._first_token(deadline)
                    log.info("llama_cpp.server ready on %s", self.base_url)
                    return
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"llama_cpp.server did not answer within {timeout_s:.0f}s; see {self.log_path}")

    def _first_token(self, deadline: float) -> None:
        """One token of one completion before the server counts as ready. Listing the models runs no
        kernel; a llama.cpp build whose matrix kernels crash on this CPU (its unpatched AMX kernels
        do on Intel CPUs with AMX: see the Makefile) would otherwise pass for ready and fail every
        request as "cannot be reached". Here it stops the start, with the reason."""
        body = {"model": self.alias, "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 1}
        try:
            timeout = max(5.0, deadline - time.monotonic())
            httpx.post(f"{self.base_url}/chat/completions", json=body, timeout=timeout).raise_for_status()
        except httpx.HTTPError as exc:
            code = self._process.poll() if self._process is not None else None
            self.stop()
            raise RuntimeError(
                f"llama_cpp.server failed its first completion ({type(exc).__name__}"
                f"{f', exit {code}' if code is not None else ''}); see {self.log_path}. A llama.cpp "
                "built without the Makefile's AMX fix crashes so on Intel CPUs with AMX: make setup"
            ) from exc

    def alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def stop(self, grace_s: float = 2.0) -> None:
        """SIGTERM, then SIGKILL after `grace_s`. An idle child exits at once; a busy one would wait
        for the generation in flight to end (llama_cpp.server's uvicorn drains open requests), and
        that work is for a request that already gave up (a 504, a client gone) or is being shut down
        with us: there is nothing to lose, so the grace is short."""
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            log.info("llama_cpp.server still busy %.0fs after SIGTERM: killed", grace_s)
            self._process.kill()
            self._process.wait()
        self._process = None
