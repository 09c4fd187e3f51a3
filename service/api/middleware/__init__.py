"""Plain ASGI middlewares, outermost first: access (request id, log line, HTTP metrics), security
(keys and per-key rate), body_limit (413 before a huge body is read)."""
