"""`newsdesk summarize`: one stored article's brief, or a resumable batch over a JSONL file
(optionally through OpenAI's Batch API)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from service.batch import Progress
    from service.container import Container


def summarize(
    article_id: Annotated[str | None, typer.Argument(help="one stored article's id")] = None,
    in_path: Annotated[
        Path | None, typer.Option("--in", help="JSONL of articles to summarise in batch")
    ] = None,
    out_path: Annotated[
        Path | None, typer.Option("--out", help="JSONL of summaries, appended and resumable")
    ] = None,
    concurrency: Annotated[int, typer.Option(min=1, max=64, help="articles in flight at once")] = 1,
    fmt: Annotated[str, typer.Option("--format", help="json or markdown (single article)")] = "json",
    openai_batch: Annotated[
        bool, typer.Option("--openai-batch", help="send the batch through OpenAI's Batch API (half price)")
    ] = False,
    poll_interval: Annotated[
        float, typer.Option(min=0.1, help="seconds between Batch API status checks (--openai-batch)")
    ] = 30.0,
) -> None:
    """Summarise one stored article, or a JSONL batch (--in/--out): who, what, where, how many, each
    item quoted and verified. A batch resumes where it stopped; bad lines become `error` lines.
    With --openai-batch (OpenAI provider only) a rerun re-attaches to the batch already sent."""
    from service.config import get_settings
    from service.container import Container
    from service.summaries import summary_markdown

    if (in_path is None) == (article_id is None) or (in_path is None) != (out_path is None):
        raise typer.BadParameter("give either an ARTICLE_ID, or both --in and --out")
    if in_path is not None and not in_path.is_file():
        raise typer.BadParameter(f"{in_path} is not a regular file")
    settings = get_settings()
    # Checked before the container starts the embedded model: nothing to wait for to learn this.
    if openai_batch and in_path is None:
        raise typer.BadParameter("is for a batch: give --in and --out", param_hint="--openai-batch")
    if openai_batch and settings.provider != "openai":
        raise typer.BadParameter(
            "needs the OpenAI provider: set OPENAI_API_KEY (the embedded model has no Batch API)",
            param_hint="--openai-batch",
        )
    container = Container(settings)
    try:
        if in_path is not None and out_path is not None:
            _run_batch(container, in_path, out_path, concurrency, poll_interval if openai_batch else None)
            return
        assert article_id is not None
        summary = container.summarizer.create(article_id)
        typer.echo(summary_markdown(summary) if fmt == "markdown" else summary.model_dump_json(indent=2))
    finally:
        container.close()


@contextmanager
def _progress_bar(in_path: Path, out_path: Path) -> Iterator[Callable[[Progress], None]]:
    """A bar over the input's lines, starting at what earlier runs finished; yields its update."""
    from tqdm import tqdm

    from service.batch import finished_lines, read_input

    total = sum(1 for _ in read_input(in_path))
    already = len(finished_lines(out_path))
    with tqdm(total=total, initial=already, unit="article", desc="summarize", file=sys.stderr) as bar:

        def show(progress: Progress) -> None:
            bar.n = progress.done + progress.failed
            bar.set_postfix(done=progress.done, failed=progress.failed, per_min=progress.rate_per_min)
            bar.refresh()

        yield show


def _run_batch(
    container: Container, in_path: Path, out_path: Path, concurrency: int, poll_interval: float | None
) -> None:
    """The direct runner, or with `poll_interval` the OpenAI Batch API runner around it."""
    from tqdm import tqdm

    from service.batch import BatchRunner, OpenAIBatchRunner, state_path

    runner = BatchRunner(container.articles, container.summarizer, concurrency)
    with _progress_bar(in_path, out_path) as show:
        if poll_interval is None:
            progress = runner.run(in_path, out_path, show)
        else:
            batch = OpenAIBatchRunner(
                container.provider,
                container.registry,
                runner,
                poll_interval,
                on_status=lambda message: tqdm.write(message, file=sys.stderr),
            )
            try:
                progress = batch.run(in_path, out_path, show)
            except KeyboardInterrupt:
                if state_path(out_path).exists():
                    tqdm.write(
                        "interrupted: the batch keeps running at OpenAI; run the same command again to collect it",
                        file=sys.stderr,
                    )
                raise typer.Exit(130) from None
    typer.echo(json.dumps(progress.as_dict()))
