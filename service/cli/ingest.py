"""`newsdesk ingest PATH`: add articles from files, with a progress bar; bad records are reported."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer


def ingest(
    path: Annotated[Path, typer.Argument(help="a .txt/.json/.jsonl file or a folder of them")],
) -> None:
    """Add articles to the collection, with a progress bar. Bad records are reported, not fatal."""
    from tqdm import tqdm

    from index.load import iter_records
    from service.articles.bulk import ingest_records
    from service.config import get_settings
    from service.container import Container
    from service.errors import NewsdeskError

    if not path.exists():
        raise typer.BadParameter(f"{path} does not exist")
    container = Container.build(get_settings(), with_llm=False)
    records = list(iter_records(path))
    done = failed = chunks = 0
    stopped: str | None = None
    with tqdm(total=len(records), unit="article", desc="ingest", file=sys.stderr) as bar:
        try:
            for verdict in ingest_records(container.articles, records):
                bar.update(1)
                if verdict.result is None:
                    failed += 1
                    tqdm.write(f"error {verdict.where}: {verdict.error}", file=sys.stderr)
                    continue
                done += 1
                chunks += verdict.result.chunk_count
                bar.set_postfix(done=done, failed=failed, chunks=chunks)
        except NewsdeskError as exc:  # the store failed: later records were not tried
            stopped = exc.message
            tqdm.write(f"stopped: {stopped}", file=sys.stderr)
    container.close()
    summary: dict[str, object] = {"ingested": done, "failed": failed, "chunks": chunks}
    if stopped:
        summary |= {"stopped": stopped, "not_tried": len(records) - done - failed}
    typer.echo(json.dumps(summary))
    raise typer.Exit(1 if stopped or (failed and not done) else 0)
