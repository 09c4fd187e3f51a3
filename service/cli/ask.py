"""`newsdesk ask "QUESTION"`: one answer, with its citations, as JSON."""

from __future__ import annotations

from typing import Annotated

import typer


def ask(
    question: str,
    article_id: Annotated[
        list[str] | None, typer.Option("--article-id", help="limit to these articles")
    ] = None,
) -> None:
    """Ask a question of the collection; prints the answer JSON with citations."""
    from service.config import get_settings
    from service.container import Container

    container = Container(get_settings())
    try:
        typer.echo(container.asker.ask(question, article_id).model_dump_json(indent=2))
    finally:
        container.close()
