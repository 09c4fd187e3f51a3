"""The embedder: OpenVINO gives PyTorch's vectors, padding changes nothing, the IR cache heals.

Real weights and both real runtimes; texts are written here, not taken from ../shared."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from index.embed import MiniLMEmbeddings
from index.encoders import ensure_ir
from index.weights import PINNED_SHA256, model_dir
from tests.conftest import EMBED_TEXTS as TEXTS


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
