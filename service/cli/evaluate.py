"""`newsdesk eval DIR`: quality figures against a gold folder (service/evaluation/)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer


def evaluate(
    folder: Annotated[Path, typer.Argument(help="a folder with articles.jsonl and gold.jsonl")],
    limit: Annotated[int | None, typer.Option(help="only the first N articles")] = None,
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only", help="run only these parts: qa, summaries, followups, cross (qa runs cross too)"
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="last line: one JSON object of all metrics")
    ] = False,
    distractors: Annotated[
        int, typer.Option(min=0, max=100_000, help="generated articles to hide the gold ones among")
    ] = 0,
) -> None:
    """Ingest into a fresh temporary index, ask every gold question, summarise every article, score."""
    from service.evaluation import PARTS, run_eval

    unknown = set(only or ()) - set(PARTS)
    if unknown:
        raise typer.BadParameter(
            f"unknown part(s) {sorted(unknown)}; choose from {PARTS}", param_hint="--only"
        )
    metrics = run_eval(
        folder,
        limit=limit,
        echo=lambda line: typer.echo(line, err=as_json),
        parts=only or PARTS,
        distractors=distractors,
    )
    if as_json:
        typer.echo(json.dumps(metrics))
    else:
        for key, value in metrics.items():
            typer.echo(f"{key:>24}: {value}")
