"""One router per capability; `ROUTERS` is the order the app includes them in."""

from service.api.routes import (
    articles,
    ask,
    batches,
    chat,
    feeds,
    health,
    metrics,
    openai_compat,
    summaries,
    web,
)

ROUTERS = (
    health.router,
    articles.router,
    ask.router,
    summaries.router,
    batches.router,
    metrics.router,
    chat.router,
    openai_compat.router,
    web.router,
    feeds.router,
)

__all__ = ["ROUTERS"]
