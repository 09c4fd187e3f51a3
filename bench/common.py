"""Shared by the benchmarks: the article corpus (read from ../shared/data at run time, never copied
into the project), the baseline's embeddings, and small timing helpers.

The corpus repeats the 13 shared articles with changes (paragraphs rotated, numbers shifted, an
edition line) so that every copy has its own content hash and its own vectors: Newsdesk skips an
unchanged article, which would flatter it on plain repeats."""

from __future__ import annotations

import json
import os
import re
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
# The joined GGUF files, shared by every benchmark that starts the model (as tests/conftest.py does).
MODEL_DIR = Path(os.environ.get("NEWSDESK_MODEL_DIR", ROOT / "var" / "models"))
if str(ROOT) not in sys.path:  # `python bench/x.py` puts bench/ first, not the project
    sys.path.insert(0, str(ROOT))

_NUMBER = re.compile(r"\b\d+\b")


def source_articles() -> list[dict[str, str]]:
    """The 12 dev articles and the seed article, as {"id", "title", "text"}."""
    path = SHARED / "dev" / "articles.jsonl"
    if not path.exists():
        raise SystemExit(f"{path} is missing: the benchmarks read their articles from ../shared/data")
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    seed = (SHARED / "seed" / "article.txt").read_text(encoding="utf-8")
    items.append({"id": "seed", "title": "Peruvian police rescue women from Tren de Aragua", "text": seed})
    return [{"id": a["id"], "title": a["title"], "text": a["text"]} for a in items]


def gold_questions() -> list[dict[str, Any]]:
    """Every gold question with its article id and accepted answers (dev gold + seed gold)."""
    rows = [json.loads(x) for x in (SHARED / "dev" / "gold.jsonl").read_text().splitlines() if x.strip()]
    seed = json.loads((SHARED / "seed" / "gold.json").read_text())
    rows.append({**seed, "id": "seed"})
    return [
        {"article_id": row["id"], "q": q["q"], "answers": [q["a"], *q.get("answer_aliases", [])]}
        for row in rows
        for q in row["questions"]
    ]


def variant(text: str, n: int) -> str:
    """Copy n of an article: same length and style, different text (so different hash and vectors)."""
    if n == 0:
        return text
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    shift = n % len(paragraphs)
    rotated = paragraphs[shift:] + paragraphs[:shift]
    body = _NUMBER.sub(lambda m: str(int(m.group()) + n), "\n\n".join(rotated))
    return f"Edition {n} of this report.\n\n{body}"


def corpus(count: int) -> list[dict[str, str]]:
    sources = source_articles()
    out = []
    for i in range(count):
        base, n = sources[i % len(sources)], i // len(sources)
        out.append(
            {"id": f"{base['id']}-{n}", "title": f"{base['title']} ({n})", "text": variant(base["text"], n)}
        )
    return out


class SentenceTransformerEmbeddings:
    """What the baseline engineer writes without langchain-huggingface: LangChain's Embeddings
    protocol over `SentenceTransformer`, on the same MiniLM weights Newsdesk loads."""

    def __init__(self) -> None:
        from sentence_transformers import SentenceTransformer

        from index.weights import model_dir

        self.model = SentenceTransformer(str(model_dir()), device="cpu")

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.model.encode(texts, normalize_embeddings=True).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def cpu_line() -> str:
    """The CPU features that decide the fast paths, and the embedder precision they pick: printed
    with every figure so runs on different machines can be read side by side."""
    from index.cpu import features, native_precision

    flags = " ".join(name for name, present in features().items() if present) or "none of the watched"
    masked = os.environ.get("NEWSDESK_CPU_WITHOUT", "")
    if masked:  # a rehearsal of another CPU's path: say so next to every figure
        flags += f" (read without: {masked})"
    return f"CPU: {flags}; embedder auto precision: {native_precision()}; {llama_build()}"


def print_cpu_line() -> None:
    """`cpu_line` on stderr, before a bench's figures (stdout may be JSON another script reads)."""
    print(cpu_line(), file=sys.stderr, flush=True)


def llama_build() -> str:
    """The instruction sets llama.cpp was compiled for (it builds with -march=native, so this is the
    building CPU's, which matters when a venv or a rehearsal build runs elsewhere)."""
    try:
        import llama_cpp
    except ImportError:
        return "llama.cpp: not installed"
    info = llama_cpp.llama_print_system_info().decode()
    built = [k.strip() for k, _, v in (p.partition("=") for p in info.split("|")) if v.strip() == "1"]
    wanted = [k.split(":")[-1].strip() for k in built if "AVX" in k or "AMX" in k]
    return "llama.cpp built for: " + " ".join(wanted)


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[int(p) - 1]


def ratio(ours: float | None, theirs: float | None) -> float | None:
    return round(ours / theirs, 3) if ours and theirs else None


def row(name: str, ours: float | None, theirs: float | None, unit: str = "") -> str:
    """One printed line: Newsdesk, baseline, Newsdesk / baseline."""

    def fmt(x: float | None) -> str:
        return "-" if x is None else f"{x:,.3f}" if abs(x) < 10 else f"{x:,.1f}"

    r = ratio(ours, theirs)
    return f"{name:<34} {fmt(ours):>12} {fmt(theirs):>12} {('x' + format(r, '.2f')) if r else '-':>8} {unit}"


def as_chat(messages: list[Any]) -> list[dict[str, str]]:
    """A rendered LangChain prompt (system + human) as the role/content dicts llama.cpp's chat
    completion takes, for benches that call the model without the service."""
    return [{"role": "system" if m.type == "system" else "user", "content": str(m.content)} for m in messages]


def header(title: str) -> None:
    print(f"\n== {title}")
    print(f"{'':<34} {'newsdesk':>12} {'baseline':>12} {'ratio':>8}")


class Clock:
    def __enter__(self) -> Clock:
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self.start
