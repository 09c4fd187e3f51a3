"""The app factory: a lifespan that builds the providers once, one router per capability."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from service.batch_jobs import BatchWorker, JobStore
from service.config import Settings, get_settings
from service.container import Container
from service.errors import register_handlers
from service.janitor import sweep
from service.limits import BodyLimitMiddleware
from service.observability import ObservabilityMiddleware, instrument
from service.routers import articles, ask, batches, health, metrics, openai_compat, summaries, web
from service.routers import chat as chat_router
from service.security import SecurityMiddleware


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        container = Container.build(settings)
        app.state.container = container
        instrument(container)
        sweeper = asyncio.create_task(sweep(container.indexer, settings.recover_interval_s))
        # Batch jobs live in files under the data dir; unfinished ones resume here after a restart.
        app.state.jobs = JobStore(settings.data_dir / "batches")
        app.state.batch_worker = BatchWorker(app.state.jobs, container, settings.batch_concurrency)
        app.state.batch_worker.start()
        logging.getLogger("newsdesk").info(
            "ready: provider=%s model=%s data_dir=%s",
            container.provider.name,
            container.provider.model_id,
            settings.data_dir,
        )
        try:
            yield
        finally:
            sweeper.cancel()
            # The model goes first: a batch line waiting on it then fails at once (and is redone at
            # the next start) instead of holding shutdown until its generation ends.
            app.state.batch_worker.request_stop()
            container.provider.close()
            app.state.batch_worker.stop()
            container.close()

    app = FastAPI(title="Newsdesk", version="0.1.0", lifespan=lifespan)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    # Added last = runs first: request id and access log wrap everything, then the key check, so a
    # caller without a key never reaches the body reader or a route (but is still logged and counted).
    app.add_middleware(
        SecurityMiddleware, api_keys=settings.api_key_list, per_minute=settings.rate_limit_per_minute
    )
    app.add_middleware(ObservabilityMiddleware, openapi=app.openapi)
    register_handlers(app)
    for router in (
        health.router,
        articles.router,
        ask.router,
        summaries.router,
        batches.router,
        metrics.router,
        chat_router.router,
        openai_compat.router,
        web.router,
    ):
        app.include_router(router)
    return app
