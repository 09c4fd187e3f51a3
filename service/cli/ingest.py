"""`newsdesk ingest PATH|URL...`: add articles from files or from pages on the web (`--urls FILE`: a
file of page URLs), with a progress bar; bad records and pages are reported."""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path
from typing import Annotated

import typer


def ingest(
    sources: Annotated[
        list[str],
        typer.Argument(help="a .txt/.json/.jsonl file or a folder of them, or a page's http(s) URL"),
    ],
    urls: Annotated[bool, typer.Option("--urls", help="each file lists page URLs, one per line")] = False,
) -> None:
    """Add articles to the collection, with a progress bar. Bad records are reported, not fatal.
    A URL is fetched and its article extracted (NEWSDESK_FETCH_* settings apply)."""
    from tqdm import tqdm

    from index.load import Loaded, LoadError, iter_records
    from service.articles.bulk import ingest_records
    from service.cli.ingest_urls import fetched_records, looks_like_url, read_url_file
    from service.config import get_settings
    from service.container import Container
    from service.errors import NewsdeskError

    pages: list[tuple[str, str]] = []
    files: list[Path] = []
    for source in sources:
        if looks_like_url(source):
            pages.append((source, source))
        elif not Path(source).exists():
            raise typer.BadParameter(f"{source} does not exist")
        elif urls:
            pages += read_url_file(Path(source))
        else:
            files.append(Path(source))
    container = Container.build(get_settings(), with_llm=False)
    records: list[Loaded | LoadError] = [r for path in files for r in iter_records(path)]
    total = len(records) + len(pages)
    # Pages are fetched as the bar reaches them, after the files' records.
    stream = itertools.chain(records, fetched_records(container.pages, pages))
    done = failed = chunks = 0
    stopped: str | None = None
    with tqdm(total=total, unit="article", desc="ingest", file=sys.stderr) as bar:
        try:
            for verdict in ingest_records(container.articles, stream):
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
        summary |= {"stopped": stopped, "not_tried": total - done - failed}
    typer.echo(json.dumps(summary))
    raise typer.Exit(1 if stopped or (failed and not done) else 0)
