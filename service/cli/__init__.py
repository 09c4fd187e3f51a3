"""`newsdesk` command line: serve, prepare, ingest, ask, summarize, eval, feeds. The same container and
services as the HTTP routes; each command lives in its own module and imports what it needs when it
runs, so `newsdesk --help` starts in a moment."""

from __future__ import annotations

import typer

from service.cli.ask import ask
from service.cli.evaluate import evaluate
from service.cli.feeds import feeds
from service.cli.ingest import ingest
from service.cli.prepare import prepare
from service.cli.serve import serve
from service.cli.summarize import summarize

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Newsdesk: cited answers and verified briefs."
)
app.command()(serve)
app.command()(prepare)
app.command()(ingest)
app.command()(ask)
app.command()(summarize)
app.command(name="eval")(evaluate)
app.add_typer(feeds, name="feeds")

if __name__ == "__main__":
    app()
