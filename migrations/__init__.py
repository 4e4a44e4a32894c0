"""Ordered migrations of the read-model schema (yoyo-migrations; one SQL dialect for SQLite and
PostgreSQL: TEXT dates in ISO form compare correctly in both) and, when an event's shape changes,
the upcasters that read old events (``events_v*.py``)."""

from pathlib import Path

SQL_DIRECTORY = Path(__file__).parent / "sql"
