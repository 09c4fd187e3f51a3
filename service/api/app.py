"""The app factory: middlewares, error mapping, one router per capability, and a lifespan that builds
the container (or takes a ready one) and runs the background work: the batch worker, the sweep
of interrupted index writes and the feeds' poller.

`create_app(settings, container=...)` is how tests build the whole app in process around a scripted
model: the container they pass is used as is, and left for them to close."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from service.api.errors import register_handlers
from service.api.middleware.access import AccessMiddleware
from service.api.middleware.body_limit import BodyLimitMiddleware
from service.api.middleware.security import SecurityMiddleware
from service.api.routes import ROUTERS
from service.articles.sweeper import sweep
from service.config import Settings, get_settings
from service.container import Container


def create_app(settings: Settings | None = None, container: Container | None = None) -> FastAPI:
    settings = container.settings if container is not None else settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        parts = container or Container.build(settings)
        app.state.container = parts
        sweeper = asyncio.create_task(sweep(parts.indexer, settings.recover_interval_s))
        # Batch jobs live in files under the data dir; unfinished ones resume here after a restart.
        parts.batch_worker.start()
        # Feeds: one background loop per process; leases keep each feed to one poller at a time.
        parts.feeds.start(settings.feed_check_interval_s)
        logging.getLogger("newsdesk").info(
            "ready: provider=%s model=%s data_dir=%s",
            parts.provider.name,
            parts.provider.model_id,
            settings.data_dir,
        )
        try:
            yield
        finally:
            sweeper.cancel()
            parts.feeds.stop()
            # The model goes first: a batch line waiting on it then fails at once (and is redone at
            # the next start) instead of holding shutdown until its generation ends.
            parts.batch_worker.request_stop()
            parts.provider.close()
            parts.batch_worker.stop()
            if container is None:  # ours to close; a container passed in is the caller's
                parts.close()

    app = FastAPI(title="Newsdesk", version="0.1.0", lifespan=lifespan)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    # Added last = runs first: request id and access log wrap everything, then the key check, so a
    # caller without a key never reaches the body reader or a route (but is still logged and counted).
    app.add_middleware(SecurityMiddleware)
    app.add_middleware(AccessMiddleware, openapi=app.openapi)
    register_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    return app
