"""What a batch writes, and how: one result line per input line, appended durably, and small JSON
state files replaced atomically.

The output file is the record of what is done: a line carries its input `line` number and either
the article's `summary` or an `error`. A line is fsynced as soon as it is written, so once written
it is never redone; on resume a torn last line (the process was killed mid-write) is cut off and
redone instead of left corrupt."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from service.summaries.models import Summary


@dataclass(frozen=True)
class ResultLine:
    """One output line: a verified summary of an article, or why there is none."""

    line: int
    article_id: str | None = None
    summary: Summary | None = None
    error: str | None = None

    @classmethod
    def failed(cls, line: int, error: str, article_id: str | None = None) -> ResultLine:
        return cls(line=line, article_id=article_id, error=error)

    @property
    def ok(self) -> bool:
        return self.error is None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"line": self.line}
        if self.article_id is not None:
            out["article_id"] = self.article_id
        if self.error is not None:
            out["error"] = self.error
        elif self.summary is not None:
            out["summary"] = self.summary.model_dump(mode="json")
        return out


def append_line(out: IO[str], record: ResultLine) -> None:
    """Append one output line durably: once this returns, the line survives a crash."""
    out.write(json.dumps(record.as_json(), ensure_ascii=False) + "\n")
    out.flush()
    os.fsync(out.fileno())


def finished_lines(out_path: Path) -> dict[int, bool]:
    """Line numbers already in the output -> whether that line is an error. A torn trailing line
    is cut off, so it is redone rather than left corrupt."""
    if not out_path.exists():
        return {}
    raw = out_path.read_bytes()
    keep = raw if raw.endswith(b"\n") or not raw else raw[: raw.rfind(b"\n") + 1]
    if len(keep) != len(raw):
        with out_path.open("r+b") as handle:
            handle.truncate(len(keep))
    done: dict[int, bool] = {}
    for line in keep.decode("utf-8").splitlines():
        try:
            record = json.loads(line)
            done[int(record["line"])] = "error" in record
        except (ValueError, KeyError, TypeError):
            continue
    return done


def read_input(in_path: Path) -> Iterator[tuple[int, str]]:
    """(line number, text) of each non-blank input line; bytes that are not UTF-8 are replaced, so
    such a line reaches the runner and becomes an error line of its own."""
    with in_path.open("r", encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                yield number, line


def write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    """Write-then-rename, fsynced, with the folder fsynced after the rename: after a crash the file
    is the old one or the new one, whole, never torn and never missing."""
    tmp = path.with_name(f"{path.name}.tmp{os.getpid()}.{threading.get_ident()}")
    with tmp.open("w", encoding="utf-8") as handle:
        json.dump(data, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
