"""Reading articles from disk for the CLI: a .txt file, a .json object or list, a .jsonl file, or a
folder of those. Only regular text files are opened; each bad record becomes a LoadError, not a crash."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TEXT_SUFFIXES = {".txt", ".md"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
MAX_FILE_BYTES = 512 * 1024 * 1024


@dataclass
class LoadError:
    where: str
    message: str


@dataclass
class Loaded:
    where: str  # file and line, for messages
    record: dict[str, Any]


def _check_file(path: Path) -> None:
    if path.is_symlink() or not path.is_file():
        raise ValueError("not a regular file")
    if path.suffix.lower() not in TEXT_SUFFIXES | JSON_SUFFIXES:
        raise ValueError(f"unsupported file type {path.suffix or '(none)'}: use .txt, .md, .json or .jsonl")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ValueError("file is too large")
    with path.open("rb") as handle:
        if b"\x00" in handle.read(8192):
            raise ValueError("file is binary, not text")


def _title_from_text(path: Path, text: str) -> str:
    first = text.strip().split("\n", 1)[0].strip()
    rest = text.strip()[len(first) :].strip()
    if first and rest and len(first) <= 200 and not first.endswith("."):
        return first
    return path.stem.replace("_", " ").replace("-", " ").strip() or "untitled"


def iter_records(path: Path) -> Iterator[Loaded | LoadError]:
    """Yields article dicts in the `ArticleIn` shape, or a LoadError for what cannot be read."""
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.suffix.lower() in TEXT_SUFFIXES | JSON_SUFFIXES):
            yield from iter_records(child)
        return
    try:
        _check_file(path)
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        yield LoadError(str(path), str(exc))
        return
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        yield Loaded(str(path), {"title": _title_from_text(path, raw), "text": raw})
    elif suffix == ".json":
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield LoadError(str(path), f"not valid JSON: {exc}")
            return
        items = data if isinstance(data, list) else [data]
        for n, item in enumerate(items):
            yield (
                Loaded(f"{path}[{n}]", item)
                if isinstance(item, dict)
                else LoadError(f"{path}[{n}]", "not a JSON object")
            )
    else:
        for n, line in enumerate(raw.splitlines(), 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                yield LoadError(f"{path}:{n}", f"not valid JSON: {exc.msg}")
                continue
            yield (
                Loaded(f"{path}:{n}", item)
                if isinstance(item, dict)
                else LoadError(f"{path}:{n}", "not a JSON object")
            )
