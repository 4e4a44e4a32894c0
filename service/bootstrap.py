"""The composition root: the one place that wires settings, stores, application and read side."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

import psycopg
from eventsourcing.persistence import PersistenceError
from starlette.applications import Starlette

import corpus
from service.api import create_app, run_query
from service.application import SgbApplication
from service.ingest import Ingestor, IngestReport, expand
from service.parsing import Hints
from service.projections.projector import Projector
from service.projections.queries import ReadModel
from service.projections.store import ReadStore
from service.settings import StoreSettings


class StoreUnavailableError(RuntimeError):
    """The store ``SGB_DATABASE_URL`` names cannot be opened (no such directory, server, or database)."""


class CatchUpError(RuntimeError):
    """Opening the store, the read models could not be brought up to date with the event log."""


@dataclass
class Sgb:
    settings: StoreSettings
    app: SgbApplication
    store: ReadStore
    projector: Projector
    read_model: ReadModel
    ingestor: Ingestor

    def ingest_bundled_corpus(self) -> IngestReport:
        return self.ingestor.ingest(expand([corpus.DIRECTORY], Hints()))

    def is_empty(self) -> bool:
        return self.app.max_position() == 0

    def close(self) -> None:
        self.ingestor.close()
        self.store.close()
        self.app.close()


def open_sgb(settings: StoreSettings | None = None, catch_up: bool = True) -> Sgb:
    """Open the store (creating and migrating its schema if needed) and, if ``catch_up``, bring the read
    models up to date."""
    settings = settings or StoreSettings.from_environment()
    app, store = _open_stores(settings)
    projector = Projector(app, store)
    sgb = Sgb(settings, app, store, projector, ReadModel(store), Ingestor(app, projector))
    if catch_up:
        try:
            projector.catch_up()
        except Exception as error:
            sgb.close()
            raise CatchUpError(
                f"could not bring the read models up to date with the event log ({type(error).__name__}: "
                f"{error}). If they are damaged, `sgb rebuild` replays them from the log"
            ) from error
    return sgb


def _open_stores(settings: StoreSettings) -> tuple[SgbApplication, ReadStore]:
    """The event store and the read store, its schema migrated."""
    try:
        app = SgbApplication(env=settings.eventsourcing_env())
    except PersistenceError as error:
        raise _unavailable(settings, error) from error
    try:
        store = ReadStore(settings)
        store.migrate()
    except (sqlite3.OperationalError, psycopg.OperationalError) as error:
        app.close()
        raise _unavailable(settings, error) from error
    return app, store


def _unavailable(settings: StoreSettings, error: Exception) -> StoreUnavailableError:
    reason = str(error)
    if settings.backend == "postgresql" and isinstance(error, PersistenceError):
        reason = _why_postgres_refuses(settings) or reason  # the pool says only that it timed out
    return StoreUnavailableError(f"cannot open the store ({settings.describe()}): {reason}")


def _why_postgres_refuses(settings: StoreSettings) -> str | None:
    """What one connection of its own hears from the server (no such database, role, server), if anything."""
    try:
        psycopg.connect(settings.postgres_conninfo(), connect_timeout=5).close()
    except psycopg.Error as error:
        return " ".join(str(error).split())
    return None


def web_app(sgb: Sgb) -> Starlette:
    """The HTTP API; `recordDocument` is enabled only when the operator sets SGB_API_TOKEN."""
    import os
    import tempfile
    from pathlib import Path

    from service.api import DocumentSubmission, RecordingOutcome, RecordRefusedError, read_name_table
    from service.application import ConflictingSourceError
    from service.ingest import DocumentRequest
    from service.parsing import DocumentError

    def record(document: DocumentSubmission) -> RecordingOutcome:
        """The `sgb ingest` path for one text: parse, check, record, project; or refuse it whole."""
        hints = Hints(
            document.symbol, document.kind, document.title, document.issued_on, document.effective_on
        )
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "document.txt"
            path.write_text(document.text, encoding="utf-8")
            try:
                report = sgb.ingestor.ingest([DocumentRequest(path, hints)])
            except (DocumentError, ConflictingSourceError) as error:
                raise RecordRefusedError(str(error).replace(str(path), "the document")) from None
        outcome = report.outcomes[0]
        return RecordingOutcome(
            outcome.symbol, outcome.recorded, outcome.event_count, sgb.projector.position()
        )

    names = read_name_table(corpus.ENGLISH_NAMES)
    return create_app(sgb.read_model, names, record, os.environ.get("SGB_API_TOKEN") or None)


def answer(sgb: Sgb, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """One GraphQL query against the store, as `sgb query` runs it."""
    from service.api import read_name_table

    return run_query(sgb.read_model, query, variables, read_name_table(corpus.ENGLISH_NAMES))
