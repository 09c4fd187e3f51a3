"""`python -m service.cli`: the same as the `newsdesk` command."""

from service.cli import app

app()
