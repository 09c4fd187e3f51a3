"""`newsdesk` command line: serve, ingest, ask, summarize, eval. Same services as the HTTP routes."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

SHUTDOWN_GRACE_S = 15

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Newsdesk: cited answers and verified briefs."
)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=32, help="worker processes (use CHROMA_HOST)")] = 1,
) -> None:
    """Run the HTTP service (embedded offline model unless OPENAI_API_KEY is set).

    Without NEWSDESK_API_KEYS anyone who can reach the port can use it, so it then refuses any
    interface but loopback."""
    import ipaddress
    import logging

    import uvicorn

    from service.app import create_app
    from service.config import get_settings

    settings = get_settings()
    log = logging.getLogger("newsdesk")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if settings.api_key_list:
        log.info("API keys required on every route but /health (%d configured)", len(settings.api_key_list))
    else:
        try:
            loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise typer.BadParameter(
                f"refusing to bind {host} without API keys: set NEWSDESK_API_KEYS or use 127.0.0.1",
                param_hint="--host",
            )
        log.warning("NEWSDESK_API_KEYS is not set: bound to loopback only (%s), no key required", host)
    # Our own middleware writes one JSON line per request, so uvicorn's access log would repeat it.
    # A request still generating at SIGTERM gets SHUTDOWN_GRACE_S, then is cut: a stop never waits
    # on a long generation.
    if workers > 1:
        # Each worker imports the app itself. A worker needs 15-30 s to load its models, and uvicorn
        # gives a restarted worker 5 s by default, so rolling restarts (SIGHUP) would never finish.
        uvicorn.run(
            "service.app:create_app",
            factory=True,
            workers=workers,
            timeout_worker_healthcheck=300,
            host=host,
            port=port,
            access_log=False,
            timeout_graceful_shutdown=SHUTDOWN_GRACE_S,
        )
    else:
        uvicorn.run(
            create_app(settings),
            log_level="info",
            host=host,
            port=port,
            access_log=False,
            timeout_graceful_shutdown=SHUTDOWN_GRACE_S,
        )


@app.command()
def prepare(
    model: Annotated[
        str | None, typer.Option(help="qwen2.5-1.5b or qwen2.5-0.5b (default: the configured)")
    ] = None,
) -> None:
    """Join and checksum the GGUF weights, check the embedder's files and build its OpenVINO IR
    (run by `make setup`, so the first start does not convert)."""
    from index.checksums import verify
    from index.embed import PINNED_SHA256, model_dir
    from index.encoders import ensure_ir
    from service.config import get_settings
    from service.providers.gguf import MODELS, ensure_model_file

    settings = get_settings()
    for name, digest in PINNED_SHA256.items():
        verify(model_dir() / name, digest)
    if settings.embed_backend == "openvino":
        ir = ensure_ir(
            model_dir(), PINNED_SHA256["model.safetensors"], int8=settings.embed_precision == "int8"
        )
        typer.echo(f"embedder IR ok: {ir}")
    path = ensure_model_file(MODELS[model or settings.llm_model], settings.models_path)
    typer.echo(f"embedder ok: {model_dir()}\nllm ok: {path}")


@app.command()
def ingest(
    path: Annotated[Path, typer.Argument(help="a .txt/.json/.jsonl file or a folder of them")],
) -> None:
    """Add articles to the collection, with a progress bar. Bad records are reported, not fatal."""
    from tqdm import tqdm

    from index.load import iter_records
    from service.articles import ArticleService
    from service.bulk_ingest import ingest_records
    from service.config import get_settings
    from service.container import Container
    from service.errors import NewsdeskError

    if not path.exists():
        raise typer.BadParameter(f"{path} does not exist")
    settings = get_settings()
    container = Container.build(settings, with_llm=False)
    service = ArticleService(container.indexer, container.registry, settings)
    records = list(iter_records(path))
    done = failed = chunks = 0
    stopped: str | None = None
    with tqdm(total=len(records), unit="article", desc="ingest", file=sys.stderr) as bar:
        try:
            for verdict in ingest_records(service, records):
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


@app.command()
def ask(
    question: str,
    article_id: Annotated[
        list[str] | None, typer.Option("--article-id", help="limit to these articles")
    ] = None,
) -> None:
    """Ask a question of the collection; prints the answer JSON with citations."""
    from service.config import get_settings
    from service.container import Container

    container = Container.build(get_settings())
    try:
        typer.echo(container.asker.ask(question, article_id).model_dump_json(indent=2))
    finally:
        container.close()


@app.command()
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
    from service.render import summary_markdown

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
    container = Container.build(settings)
    try:
        if in_path is not None and out_path is not None and openai_batch:
            _run_openai_batch(container, in_path, out_path, concurrency, poll_interval)
            return
        if in_path is not None and out_path is not None:
            _run_batch(container, in_path, out_path, concurrency)
            return
        assert article_id is not None
        summary = container.summarizer.create(article_id)
        typer.echo(summary_markdown(summary) if fmt == "markdown" else summary.model_dump_json(indent=2))
    finally:
        container.close()


def _run_batch(container: object, in_path: Path, out_path: Path, concurrency: int) -> None:
    from tqdm import tqdm

    from service.batch import BatchRunner, Progress, finished_lines, read_input

    total = sum(1 for _ in read_input(in_path))
    already = len(finished_lines(out_path))
    with tqdm(total=total, initial=already, unit="article", desc="summarize", file=sys.stderr) as bar:

        def show(progress: Progress) -> None:
            bar.n = progress.done + progress.failed
            bar.set_postfix(done=progress.done, failed=progress.failed, per_min=progress.rate_per_min)
            bar.refresh()

        progress = BatchRunner(container, concurrency).run(in_path, out_path, show)  # type: ignore[arg-type]
    typer.echo(json.dumps(progress.as_dict()))


def _run_openai_batch(
    container: object, in_path: Path, out_path: Path, concurrency: int, poll_interval: float
) -> None:
    from tqdm import tqdm

    from service.batch import Progress, finished_lines, read_input
    from service.openai_batch import OpenAIBatchRunner, state_path

    total = sum(1 for _ in read_input(in_path))
    already = len(finished_lines(out_path))
    with tqdm(total=total, initial=already, unit="article", desc="summarize", file=sys.stderr) as bar:

        def show(progress: Progress) -> None:
            bar.n = progress.done + progress.failed
            bar.set_postfix(done=progress.done, failed=progress.failed)
            bar.refresh()

        runner = OpenAIBatchRunner(
            container,  # type: ignore[arg-type]
            poll_interval,
            concurrency,
            on_status=lambda message: tqdm.write(message, file=sys.stderr),
        )
        try:
            progress = runner.run(in_path, out_path, show)
        except KeyboardInterrupt:
            if state_path(out_path).exists():
                tqdm.write(
                    "interrupted: the batch keeps running at OpenAI; run the same command again to collect it",
                    file=sys.stderr,
                )
            raise typer.Exit(130) from None
    typer.echo(json.dumps(progress.as_dict()))


@app.command(name="eval")
def evaluate(
    folder: Annotated[Path, typer.Argument(help="a folder with articles.jsonl and gold.jsonl")],
    limit: Annotated[int | None, typer.Option(help="only the first N articles")] = None,
    only: Annotated[
        list[str] | None, typer.Option("--only", help="run only these parts: qa, summaries, followups")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="last line: one JSON object of all metrics")
    ] = False,
) -> None:
    """Ingest into a fresh temporary index, ask every gold question, summarise every article, score."""
    from service.evaluation import PARTS, run_eval

    unknown = set(only or ()) - set(PARTS)
    if unknown:
        raise typer.BadParameter(
            f"unknown part(s) {sorted(unknown)}; choose from {PARTS}", param_hint="--only"
        )
    metrics = run_eval(
        folder, limit=limit, echo=lambda line: typer.echo(line, err=as_json), parts=only or PARTS
    )
    if as_json:
        typer.echo(json.dumps(metrics))
    else:
        for key, value in metrics.items():
            typer.echo(f"{key:>24}: {value}")


if __name__ == "__main__":
    app()
