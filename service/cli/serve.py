"""`newsdesk serve`: the HTTP service under uvicorn."""

from __future__ import annotations

import ipaddress
import logging
from typing import Annotated

import typer

SHUTDOWN_GRACE_S = 15


def serve(
    host: Annotated[str, typer.Option(help="interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=32, help="worker processes (use CHROMA_HOST)")] = 1,
) -> None:
    """Run the HTTP service (embedded offline model unless OPENAI_API_KEY is set).

    Without NEWSDESK_API_KEYS anyone who can reach the port can use it, so it then refuses any
    interface but loopback."""
    import uvicorn

    from service.api import create_app
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
        from service.cli.supervisor import READY_S, run_workers

        # Each worker imports the app itself and needs 15-30 s to load its models: uvicorn's 5 s
        # default for a restarted worker would abort every rolling restart (SIGHUP).
        config = uvicorn.Config(
            "service.api:create_app",
            factory=True,
            workers=workers,
            timeout_worker_healthcheck=READY_S,
            host=host,
            port=port,
            access_log=False,
            timeout_graceful_shutdown=SHUTDOWN_GRACE_S,
        )
        run_workers(config)
    else:
        uvicorn.run(
            create_app(settings),
            log_level="info",
            host=host,
            port=port,
            access_log=False,
            timeout_graceful_shutdown=SHUTDOWN_GRACE_S,
        )
