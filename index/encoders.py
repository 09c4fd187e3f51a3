"""The two ways MiniLM's encoder runs: OpenVINO (the default) and PyTorch (the fallback).

Both take token ids and attention masks (int64 arrays, batch x tokens) and return the last hidden
state (float32, batch x tokens x 384); pooling is the caller's. bench/embed_routes.py measured them
on the same chunks, routes interleaved, on this machine's 2 cores (AMD EPYC, AVX-512 with BF16 and
VNNI): OpenVINO in bf16 x2.3 PyTorch fp32, with vectors at cosine >= 0.9999 to PyTorch's; OpenVINO
fp32 x1.3. A one-question query takes ~3.5 ms on one thread against 12-17 ms in PyTorch.

OpenVINO runs an IR converted once from the same pinned safetensors (at `newsdesk prepare`, else at
first use) and kept beside the virtualenv, so a running service never imports torch."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import threading
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from index import quantize
from index.checksums import sha256_file
from index.cpu import has_native_bf16

# `import openvino` alone sends a usage event to Google Analytics, and every conversion more, unless
# the user has opted out (OpenVINO keeps a client id in ~/intel). Nothing here may use the network.
# OpenVINO and NNCF both run without telemetry when its package cannot be imported, and a None in
# sys.modules makes any import of it fail. This module is imported before any use of OpenVINO.
sys.modules.setdefault("openvino_telemetry", None)  # type: ignore[arg-type]


class Encoder(Protocol):
    precision: str

    def __call__(self, ids: np.ndarray, mask: np.ndarray, single: bool) -> np.ndarray: ...


def default_ir_root() -> Path:
    """Derived from installed packages, so it lives (and dies) with the virtualenv."""
    return Path(sys.prefix) / "share" / "newsdesk"


def _ir_key(weights_sha256: str) -> str:
    import openvino

    return f"minilm-{weights_sha256[:12]}-ov{openvino.get_version().split('-')[0]}"


def _convert(folder: Path) -> Any:
    """Trace the PyTorch model into an OpenVINO model (~2 s; imports torch and transformers)."""
    import openvino as ov
    import torch

    model = load_torch_model(folder)

    class LastHidden(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = model

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            return self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    # The example pads its second row, so the traced graph keeps the masking path.
    example = {
        "input_ids": torch.tensor([[101, 7592, 102], [101, 102, 0]]),
        "attention_mask": torch.tensor([[1, 1, 1], [1, 1, 0]]),
    }
    shape = [("input_ids", [-1, -1], ov.Type.i64), ("attention_mask", [-1, -1], ov.Type.i64)]
    with torch.inference_mode(), warnings.catch_warnings():
        # transformers' shape checks are constant for a BERT encoder; tests/unit/test_embed.py
        # shows padded and unpadded inputs give the same vectors after tracing.
        warnings.simplefilter("ignore")
        return ov.convert_model(LastHidden(), example_input=example, input=shape)


def ensure_ir(folder: Path, weights_sha256: str, root: Path | None = None, int8: bool = False) -> Path | Any:
    """Path of the IR for these weights, converting it first if missing or damaged; with `int8`,
    the IR quantised by index/quantize.py (made from the fp32 IR, which is made first).

    Written to a temporary folder and renamed into place, so a crash never leaves half an IR; the
    .bin's sha256 is kept in a manifest and checked on load. When the folder cannot be written
    (a read-only install), returns the converted model itself, held in memory only."""
    base = (root or default_ir_root()) / _ir_key(weights_sha256)
    if not int8:
        return _cached(base, lambda: _convert(folder), weights_sha256)

    def build() -> Any:
        import openvino as ov

        fp32 = ensure_ir(folder, weights_sha256, root)
        return quantize.quantize(ov.Core().read_model(str(fp32)) if isinstance(fp32, Path) else fp32)

    return _cached(base.with_name(f"{base.name}-int8-{quantize.calibration_key()}"), build, weights_sha256)


def _cached(target: Path, build: Callable[[], Any], weights_sha256: str) -> Path | Any:
    import openvino as ov

    manifest = target / "manifest.json"
    if manifest.exists():
        recorded = json.loads(manifest.read_text())
        if sha256_file(target / "model.bin") == recorded.get("bin_sha256"):
            return target / "model.xml"
        shutil.rmtree(target, ignore_errors=True)
    converted = build()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".ir-", dir=target.parent))
    except OSError:
        return converted
    staging.chmod(0o755)  # mkdtemp makes it private; the IR is not a secret
    ov.save_model(converted, staging / "model.xml", compress_to_fp16=False)
    digest = sha256_file(staging / "model.bin")
    (staging / "manifest.json").write_text(json.dumps({"bin_sha256": digest, "weights": weights_sha256}))
    try:
        os.rename(staging, target)
    except OSError:  # another process won the race: its IR is as good as ours
        shutil.rmtree(staging, ignore_errors=True)
    return target / "model.xml"


class OpenVINOEncoder:
    """Two compiled copies: `threads` for batches of chunks, one thread for a single query.

    A query is a few dozen tiny matmuls, where a second thread only adds fork/join; a separate
    compiled model also means a question never waits behind an ingest batch."""

    def __init__(self, model: Path | Any, threads: int, precision: str) -> None:
        import openvino as ov

        core = ov.Core()
        graph = core.read_model(str(model)) if isinstance(model, Path) else model
        # bf16 only where the CPU runs it natively (AVX-512 BF16 or AMX); emulated it is slower.
        # Both asked: OpenVINO's view, and index/cpu.py's (which NEWSDESK_CPU_WITHOUT can mask).
        native = "BF16" in core.get_property("CPU", "OPTIMIZATION_CAPABILITIES") and has_native_bf16()
        if precision == "bf16" and not native:
            precision = "f32"

        def compile_for(n: int) -> Any:
            config = {
                "INFERENCE_NUM_THREADS": n,
                "PERFORMANCE_HINT": "LATENCY",
                "INFERENCE_PRECISION_HINT": precision,
            }
            return core.compile_model(graph, "CPU", config)

        # An infer request runs one inference at a time: each comes with its lock.
        self._batch = (compile_for(threads).create_infer_request(), threading.Lock())
        self._single = (compile_for(1).create_infer_request(), threading.Lock())
        # What the CPU plugin settled on: "bf16" only where the CPU runs it natively.
        hint = self._batch[0].get_compiled_model().get_property("INFERENCE_PRECISION_HINT")
        self.precision = hint.to_string()

    def __call__(self, ids: np.ndarray, mask: np.ndarray, single: bool) -> np.ndarray:
        request, lock = self._single if single else self._batch
        with lock:
            result = request.infer({"input_ids": ids, "attention_mask": mask})
            return np.array(result[0], dtype=np.float32)  # copy: the request reuses its buffer


def load_torch_model(folder: Path) -> Any:
    from transformers import BertModel
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()  # the checkpoint's unused pooler weights are expected
    hf_logging.disable_progress_bar()
    model = BertModel.from_pretrained(str(folder), local_files_only=True, add_pooling_layer=False)
    return model.eval()


class TorchEncoder:
    """PyTorch fp32: the fallback where OpenVINO is unwanted (NEWSDESK_EMBED_BACKEND=torch)."""

    def __init__(self, folder: Path, threads: int) -> None:
        import torch

        torch.set_num_threads(threads)
        self._torch = torch
        self._threads = threads
        self.precision = "f32"
        self._model = load_torch_model(folder)
        # torch's thread count is process-wide, so calls that change it take turns.
        self._lock = threading.Lock()

    def __call__(self, ids: np.ndarray, mask: np.ndarray, single: bool) -> np.ndarray:
        torch = self._torch
        with self._lock, torch.inference_mode():
            torch.set_num_threads(1 if single else self._threads)
            try:
                out = self._model(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask))
                return np.asarray(out.last_hidden_state.numpy(), dtype=np.float32)
            finally:
                torch.set_num_threads(self._threads)
