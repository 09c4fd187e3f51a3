from __future__ import annotations

from pathlib import Path

from index.load import Loaded, LoadError, iter_records


def test_jsonl_with_a_corrupt_line_yields_an_error_for_that_line_only(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"title": "a", "text": "x"}\nnot json\n[1]\n{"title": "b", "text": "y"}\n')
    items = list(iter_records(path))
    assert [type(i) for i in items] == [Loaded, LoadError, LoadError, Loaded]
    assert isinstance(items[1], LoadError) and items[1].where.endswith(":2")


def test_binary_and_unsupported_files_are_refused(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "c.pdf").write_bytes(b"%PDF")
    assert isinstance(next(iter_records(tmp_path / "b.txt")), LoadError)
    assert isinstance(next(iter_records(tmp_path / "c.pdf")), LoadError)


def test_text_file_title(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("Bridge opens\n\nThe bridge opened today.")
    item = next(iter_records(tmp_path / "story.txt"))
    assert isinstance(item, Loaded) and item.record["title"] == "Bridge opens"
