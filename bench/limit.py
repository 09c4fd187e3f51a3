"""How close embedding gets to what this CPU can do: MiniLM FLOPs x chunks/s vs a numpy matmul peak.

FLOPs of one chunk of L tokens (with [CLS]/[SEP]) through MiniLM-L6 (d=384, FFN 1536, 6 layers),
counting a multiply-add as 2: per layer the Q, K, V and output projections (4 x 2·L·d²), the FFN
(2 x 2·L·d·4d) and attention's two L x L products (2 x 2·L²·d); embeddings and softmax are noise.
Peaks: the best of a few float32 2048² matmuls through numpy's BLAS on the same threads, and the
same matmul as a one-node OpenVINO graph in the shipped embedder's precision (bf16 runs on this
CPU's AVX-512 BF16 at up to twice fp32's rate, so against the fp32 peak alone the fraction can
pass 1). All are measured back to back, so a burst of load from other tenants hits them alike. The baseline
(sentence-transformers) is measured on the same chunks for the ratio."""

from __future__ import annotations

import argparse
import time
from typing import Any

import numpy as np
from common import Clock, SentenceTransformerEmbeddings, header, row
from embed_routes import chunk_groups

D, FFN, LAYERS = 384, 1536, 6


def flops(tokens: int) -> float:
    per_layer = 4 * 2 * tokens * D * D + 2 * 2 * tokens * D * FFN + 2 * 2 * tokens * tokens * D
    return float(LAYERS * per_layer)


def matmul_peak(size: int = 2048, repeats: int = 5) -> float:
    """Best GFLOP/s of float32 size x size matmuls."""
    a = np.random.default_rng(0).standard_normal((size, size), dtype=np.float32)
    b = np.random.default_rng(1).standard_normal((size, size), dtype=np.float32)
    a @ b  # warm-up: thread pool and pages
    best = 0.0
    for _ in range(repeats):
        start = time.perf_counter()
        a @ b
        best = max(best, 2 * size**3 / (time.perf_counter() - start) / 1e9)
    return best


def openvino_matmul_peak(precision: str, size: int = 2048, repeats: int = 5) -> float:
    """Best GFLOP/s of a size x size matmul compiled by OpenVINO at `precision` on 2 threads."""
    # isort: off
    import index.encoders  # noqa: F401 -- first: it turns OpenVINO's telemetry off
    import openvino as ov
    import openvino.opset13 as ops

    # isort: on

    a = ops.parameter([size, size], ov.Type.f32)
    b = ops.constant(np.random.default_rng(1).standard_normal((size, size), dtype=np.float32))
    model = ov.Model([ops.matmul(a, b, False, False)], [a])
    config = {"INFERENCE_NUM_THREADS": 2, "INFERENCE_PRECISION_HINT": precision}
    request = ov.Core().compile_model(model, "CPU", config).create_infer_request()
    x = np.random.default_rng(0).standard_normal((size, size), dtype=np.float32)
    request.infer([x])
    best = 0.0
    for _ in range(repeats):
        start = time.perf_counter()
        request.infer([x])
        best = max(best, 2 * size**3 / (time.perf_counter() - start) / 1e9)
    return best


def bench(n_articles: int = 13, rounds: int = 2) -> dict[str, Any]:
    from index.embed import MiniLMEmbeddings
    from index.tokenizer import load_tokenizer

    texts = [t for g in chunk_groups(n_articles) for t in g]
    tokenizer = load_tokenizer()
    tokenizer.no_padding()
    work = sum(flops(len(e.ids)) for e in tokenizer.encode_batch(texts))
    ours, theirs = MiniLMEmbeddings(threads=2), SentenceTransformerEmbeddings()
    ours.embed_documents(texts[:4])
    theirs.embed_documents(texts[:4])
    # An int8 graph has no int8 "hint" to compile a matmul with: its peak is read at the float
    # precision the CPU runs natively (what the graph's remaining float ops run at).
    from index.cpu import native_float

    peak_precision = ours.precision if ours.precision != "int8" else native_float()
    best_ours = best_theirs = float("inf")
    peak = peak_ours = 0.0
    for _ in range(rounds):  # interleaved, best of each
        peak = max(peak, matmul_peak())
        peak_ours = max(peak_ours, openvino_matmul_peak(peak_precision))
        with Clock() as clock:
            ours.embed_documents(texts)
        best_ours = min(best_ours, clock.seconds)
        with Clock() as clock:
            theirs.embed_documents(texts)
        best_theirs = min(best_theirs, clock.seconds)
    gflops_ours, gflops_theirs = work / best_ours / 1e9, work / best_theirs / 1e9
    header(f"the limit: {len(texts)} chunks, {work / len(texts) / 1e9:.2f} GFLOP per chunk")
    print(row("chunks/s", len(texts) / best_ours, len(texts) / best_theirs, "chunks/s"))
    print(row("GFLOP/s reached", gflops_ours, gflops_theirs, "GFLOP/s"))
    print(row("numpy fp32 matmul peak", peak, peak, "GFLOP/s"))
    print(row("fraction of fp32 peak", gflops_ours / peak, gflops_theirs / peak, ""))
    print(
        f"openvino {peak_precision} matmul peak: {peak_ours:.1f} GFLOP/s; Newsdesk ({ours.precision}) "
        f"reaches {gflops_ours / peak_ours:.3f} of it"
    )
    return {
        "limit": {
            "gflop_per_chunk": round(work / len(texts) / 1e9, 3),
            "chunks_per_s": round(len(texts) / best_ours, 2),
            "gflops": round(gflops_ours, 2),
            "baseline_gflops": round(gflops_theirs, 2),
            "peak_gflops": round(peak, 2),
            "fraction_of_peak": round(gflops_ours / peak, 3),
            "baseline_fraction_of_peak": round(gflops_theirs / peak, 3),
            "precision": ours.precision,
            "peak_precision": peak_precision,
            "peak_gflops_own_precision": round(peak_ours, 2),
            "fraction_of_own_precision_peak": round(gflops_ours / peak_ours, 3),
        }
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=13, help="articles whose chunks are embedded")
    args = parser.parse_args()
    bench(args.n)
