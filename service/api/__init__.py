"""The HTTP API: the app factory (app.py), the one way a route gets a part (deps.py), errors to HTTP
(errors.py), request limits (limits.py), middlewares, one router per capability (routes/), schemas
in families (schemas/), and the web page (web/, package data)."""

from service.api.app import create_app

__all__ = ["create_app"]
