"""int8 MiniLM for NEWSDESK_EMBED_PRECISION=int8: NNCF post-training quantisation of the fp32 IR.

Static int8 needs calibration text whose activations look like the collection's. The BBC texts the
evaluation uses cannot ship, so index/data/calibration.txt holds news paragraphs written for this
project; each paragraph and each of its sentences is a sample (chunks and questions alike).

Measured on this CPU (AVX-512 VNNI), README "Choices" has the commands: embedding x1.44 bf16's speed
(x3.62 PyTorch fp32's), ingest of 1,000 articles x3.50 the baseline's articles/s (bf16: x2.43);
vectors at cosine 0.991 min / 0.996 mean to fp32's. Retrieval recall@k on the 54 gold questions:
dense equal or better at every k; hybrid equal without near-copies, one or two questions lower at
@3-@5 with 3 near-copies of each article. End to end (`newsdesk eval`), answers and follow-ups
scored the same as bf16, but one more unanswerable question of 12 was answered instead of refused.
A small but real drop, so int8 is opt-in and bf16 the default."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from index.tokenizer import load_tokenizer

CALIBRATION = Path(__file__).resolve().parent / "data" / "calibration.txt"


def calibration_texts() -> list[str]:
    """Each block of the file (a chunk-sized run of news, a headline, a lead sentence), and each
    sentence of the hand-written paragraphs at its top (questions are sentence-sized)."""
    raw = CALIBRATION.read_text(encoding="utf-8")
    hand, _, generated = raw.partition("# -- generated")
    hand_blocks = [p.strip() for p in re.split(r"\n\s*\n", hand) if p.strip() and not p.startswith("#")]
    sentences = [s for p in hand_blocks for s in re.split(r"(?<=[.!?\"])\s+(?=[A-Z])", p)]
    blocks = [p.strip() for p in re.split(r"\n\s*\n", generated) if p.strip() and not p.startswith("#")]
    return hand_blocks + sentences + blocks


def _ffn_outputs(model: Any) -> list[str]:
    """The second linear of each feed-forward block ("layer.N.output.dense"): kept in float, where
    int8 costs MiniLM most (cosine to fp32 0.9973 -> 0.9988 mean on held-out chunks)."""
    return [
        op.get_friendly_name()
        for op in model.get_ops()
        if op.get_type_name() == "MatMul" and re.search(r"layer\.\d+\.output\.dense", op.get_friendly_name())
    ]


def calibration_key() -> str:
    """Part of the int8 IR's cache key: new calibration text makes a new IR."""
    return hashlib.sha256(CALIBRATION.read_bytes()).hexdigest()[:8]


def quantize(model: Any) -> Any:
    import nncf
    import numpy as np

    tokenizer = load_tokenizer()
    samples = []
    for text in calibration_texts():
        e = tokenizer.encode_batch([text])[0]
        samples.append({"input_ids": np.array([e.ids]), "attention_mask": np.array([e.attention_mask])})
    return nncf.quantize(
        model,
        nncf.Dataset(samples),
        model_type=nncf.ModelType.TRANSFORMER,
        subset_size=len(samples),
        ignored_scope=nncf.IgnoredScope(names=_ffn_outputs(model)),
    )
