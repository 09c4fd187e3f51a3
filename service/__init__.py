"""Newsdesk: the HTTP service, its chains and providers, and the CLI."""
