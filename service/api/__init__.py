"""The GraphQL API: `create_app` for the web server, `run_query` for the command line."""

from service.api.app import create_app, run_query
from service.api.names import NameEntry, read_name_table
from service.api.recording import DocumentSubmission, RecordingOutcome, RecordRefusedError

__all__ = [
    "DocumentSubmission",
    "NameEntry",
    "RecordRefusedError",
    "RecordingOutcome",
    "create_app",
    "read_name_table",
    "run_query",
]
