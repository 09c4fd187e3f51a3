"""The embedder's heavier checks, with real weights and runtimes: a child interpreter that must send
no telemetry, and int8 quantisation (NNCF calibration takes seconds). Kept out of `make unit`,
which stays under a minute; the embedder's fast checks are in tests/unit/index/test_embed.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index.embed import MiniLMEmbeddings
from tests.conftest import EMBED_TEXTS as TEXTS
from tests.conftest import ROOT


def test_openvino_sends_no_telemetry(tmp_path: Path) -> None:
    """OpenVINO reports usage from `import openvino` and from each conversion unless opted out,
    keeping a client id under ~/intel (sent from a child process, so a socket guard would miss
    it). A fresh interpreter with its own HOME imports, converts and runs the model: the client id
    is never made."""
    script = (
        "import index.encoders as e, index.weights as m, numpy as np\n"
        "model = e._convert(m.model_dir())\n"
        "e.OpenVINOEncoder(model, 1, 'f32')(np.array([[101, 102]]), np.array([[1, 1]]), True)\n"
    )
    env = {**os.environ, "HOME": str(tmp_path)}
    subprocess.run([sys.executable, "-c", script], env=env, check=True, cwd=ROOT, timeout=300)
    assert not (tmp_path / "intel").exists()


def test_int8_is_quantised_once_and_stays_close_to_fp32(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NEWSDESK_EMBED_PRECISION=int8: calibrated on the project's own text, cached like the fp32 IR
    (a second embedder reuses it), and its vectors still rank texts as fp32's do. Calibrated here on
    the first 60 samples, to take seconds (`newsdesk prepare` uses all ~480)."""
    from index import quantize

    texts = quantize.calibration_texts()
    monkeypatch.setattr(quantize, "calibration_texts", lambda: texts[:60])
    first = MiniLMEmbeddings(threads=2, precision="int8", ir_root=tmp_path)
    assert first.precision == "int8"
    cached = sorted(p.name for p in tmp_path.iterdir())
    assert len(cached) == 2 and any("-int8-" in name for name in cached)  # fp32 IR + int8 IR
    again = MiniLMEmbeddings(threads=2, precision="int8", ir_root=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == cached
    int8 = np.array(again.embed_documents(TEXTS))
    fp32 = np.array(MiniLMEmbeddings(threads=2, precision="f32", ir_root=tmp_path).embed_documents(TEXTS))
    assert (int8 * fp32).sum(axis=1).min() > 0.98
    assert np.argsort(int8 @ int8[1]).tolist() == np.argsort(fp32 @ fp32[1]).tolist()
