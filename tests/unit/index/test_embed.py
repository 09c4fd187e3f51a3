"""The embedder: OpenVINO gives PyTorch's vectors, padding changes nothing, the IR cache heals.

Real weights and both real runtimes; texts are written here, not taken from ../shared."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index.embed import MiniLMEmbeddings
from index.encoders import ensure_ir
from index.weights import PINNED_SHA256, model_dir

ROOT = Path(__file__).resolve().parents[3]

TEXTS = [
    "Police freed dozens of women and arrested several suspects in raids across the city.",
    "How many people were arrested?",
    "The central bank held interest rates at 4% for a third month, citing slowing inflation. " * 6,
    "A striker scored twice as the home side won the cup final in extra time.",
]


@pytest.fixture(scope="module")
def openvino() -> MiniLMEmbeddings:
    return MiniLMEmbeddings(threads=2, backend="openvino", precision="bf16")


def test_openvino_vectors_match_pytorch(openvino: MiniLMEmbeddings) -> None:
    torch_vectors = np.array(MiniLMEmbeddings(threads=2, backend="torch").embed_documents(TEXTS))
    ov_vectors = np.array(openvino.embed_documents(TEXTS))
    cosines = (torch_vectors * ov_vectors).sum(axis=1)
    assert cosines.min() > 0.999, cosines
    # and they still tell texts apart the same way
    assert (
        np.argsort(ov_vectors @ ov_vectors[1]).tolist()
        == np.argsort(torch_vectors @ torch_vectors[1]).tolist()
    )


def test_padding_does_not_change_a_vector(openvino: MiniLMEmbeddings) -> None:
    """A short text batched with a long one is padded to the long one's length; the mask must hide
    the padding, or the vector would depend on its neighbours."""
    alone = np.array(openvino.embed_documents([TEXTS[0]])[0])
    padded = np.array(openvino.embed_documents([TEXTS[0], TEXTS[2]])[0])
    query = np.array(openvino.embed_query(TEXTS[0]))  # the one-thread path
    assert float(alone @ padded) > 0.9999
    assert float(alone @ query) > 0.9999
    assert abs(float(np.linalg.norm(alone)) - 1.0) < 1e-5


def test_a_damaged_ir_is_rebuilt(tmp_path: Path) -> None:
    digest = PINNED_SHA256["model.safetensors"]
    first = ensure_ir(model_dir(), digest, tmp_path)
    assert isinstance(first, Path) and first.exists()
    manifest = json.loads((first.parent / "manifest.json").read_text())
    bin_path = first.with_suffix(".bin")
    with bin_path.open("r+b") as handle:  # a flipped byte, as a bad disk would leave it
        handle.seek(1000)
        byte = handle.read(1)
        handle.seek(1000)
        handle.write(bytes([byte[0] ^ 0xFF]))
    again = ensure_ir(model_dir(), digest, tmp_path)
    assert again == first
    from index.checksums import sha256_file

    assert sha256_file(bin_path) == manifest["bin_sha256"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".ir-")]  # no staging left


def test_an_unwritable_ir_folder_still_gives_a_model(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    model = ensure_ir(model_dir(), PINNED_SHA256["model.safetensors"], blocked / "ir")
    assert not isinstance(model, Path)
    from index.encoders import OpenVINOEncoder

    hidden = OpenVINOEncoder(model, threads=1, precision="bf16")(
        np.array([[101, 7592, 102]]), np.array([[1, 1, 1]]), single=True
    )
    assert hidden.shape == (1, 3, 384) and np.isfinite(hidden).all()


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
