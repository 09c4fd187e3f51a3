"""sha256 pins for every model file the product loads: a wrong or truncated file fails loudly."""

from __future__ import annotations

import hashlib
from pathlib import Path


class ChecksumMismatch(RuntimeError):
    pass


def sha256_file(path: Path, chunk_bytes: int = 8 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(chunk_bytes):
            digest.update(block)
    return digest.hexdigest()


def verify(path: Path, expected: str) -> None:
    actual = sha256_file(path)
    if actual != expected:
        raise ChecksumMismatch(f"{path}: sha256 {actual} does not match the pinned {expected}")
