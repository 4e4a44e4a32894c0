"""Whose turn it is to project: any number of catch-ups side by side, or one rebuild alone.

Catch-ups in several processes already take turns transaction by transaction, each going on from where
another got (``Projector.catch_up``). A rebuild cannot: it empties the read models and its memory assumes
it wrote everything since. A follower (``sgb project --follow``) that found the rebuild's first position
would project from there, and the rebuild would fail at its next transaction. So a rebuild waits until no
catch-up runs and holds every one off until it ends; a catch-up started meanwhile waits, then projects
what the rebuild did not.

The lock belongs to the process, not to a transaction, and the system releases it if the process dies:
PostgreSQL: an advisory lock of a connection of its own, per schema (one database may hold several
stores). SQLite: ``flock`` on a file beside the database. Not ``lockf``, and so not a library built on it
(fasteners): ``lockf`` locks belong to the process, and two stores of one process would not wait for
each other.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from service.settings import StoreSettings

LOCK_FILE_SUFFIX = "-projecting.lock"
# One key per schema: the text is the schema's name with this after it.
_ADVISORY_KEY = "hashtextextended(current_schema() || '.sgb.projecting', 0)"


@contextmanager
def projecting(settings: StoreSettings, alone: bool, waiting: Callable[[], None]) -> Iterator[None]:
    """Hold the turn to project: shared with other catch-ups, or ``alone`` (a rebuild). Calls ``waiting``
    once if the turn is not free at once, then waits for it."""
    if settings.backend == "postgresql":
        with _advisory_lock(settings, alone, waiting):
            yield
    else:
        with _file_lock(settings, alone, waiting):
            yield


@contextmanager
def _file_lock(settings: StoreSettings, alone: bool, waiting: Callable[[], None]) -> Iterator[None]:
    assert settings.sqlite_path is not None
    path = settings.sqlite_path.with_name(settings.sqlite_path.name + LOCK_FILE_SUFFIX)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)  # never deleted: that would race
    mode = fcntl.LOCK_EX if alone else fcntl.LOCK_SH
    try:
        try:
            fcntl.flock(descriptor, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting()
            fcntl.flock(descriptor, mode)
        yield
    finally:
        os.close(descriptor)  # and with it the lock


@contextmanager
def _advisory_lock(settings: StoreSettings, alone: bool, waiting: Callable[[], None]) -> Iterator[None]:
    import psycopg  # only here, as in the store: SQLite's processes start sooner without it

    kind = "" if alone else "_shared"
    with psycopg.connect(
        settings.postgres_conninfo(), autocommit=True, options=f"-c search_path={settings.schema}"
    ) as connection:
        taken = connection.execute(f"SELECT pg_try_advisory_lock{kind}({_ADVISORY_KEY})").fetchone()
        if not (taken and taken[0]):
            waiting()
            connection.execute(f"SELECT pg_advisory_lock{kind}({_ADVISORY_KEY})")
        yield  # released when the connection closes
