"""The GraphQL API: `create_app` for the web server, `run_query` for the command line."""

from service.api.app import create_app, run_query

__all__ = ["create_app", "run_query"]
