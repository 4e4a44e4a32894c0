"""The read-model database: the same SQLite file or PostgreSQL schema as the event store.

One SQL dialect serves both backends (``?`` placeholders, rewritten for psycopg); the schema is
created and evolved by yoyo-migrations from ``migrations/sql``.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain
from typing import TYPE_CHECKING, Any, Protocol, cast

from migrations import SQL_DIRECTORY
from service.settings import StoreSettings

if TYPE_CHECKING:
    from psycopg_pool import ConnectionPool

Row = tuple[Any, ...]
READ_MODEL_TABLES = (
    "rm_unit_change",
    "rm_unit_version",
    "rm_change_point",
    "rm_provision",
    "rm_issuance",
    "rm_tracking",
)
ROWS_PER_STATEMENT = 2048  # SQLite takes up to 32,766 parameters per statement: 24,576 at 12 columns
FEWEST_ROWS_HALVED = 64  # a writer with a process of its own: fewer rows go in a statement of their own
STATEMENTS_KEPT = 512  # prepared statements a connection keeps (128 by default)
# Pages the projector's connection keeps (the default is 2 MiB): its inserts touch index pages all over
# the tables, and run about a fifth faster in an S1 rebuild with these held. Connections that only read
# keep the default.
WRITER_CACHE_KIB = 65_536
# The projector's connection checkpoints the write-ahead log once it holds this many pages (256 MiB), not
# after every commit (1,000 pages by default): its transactions write much the same index pages again, and a
# checkpoint copies each page once however often it was written since the last. Half of an S1 rebuild's
# commit time went to checkpoints. The log's file is cut back to the limit when it is written anew.
CHECKPOINT_FRAMES = 65_536
LOG_FILE_LIMIT = 64 * 2**20
# Debian's SQLite is built to zero every deleted byte (secure_delete on by default): emptying the read
# models wrote every page of them again (3.5 s of an S10 rebuild, 63 s of an S100 one, against 0.4 and 6).
# FAST zeroes only what is written anyway; what is deleted here is rebuilt from the log, which keeps it.
SECURE_DELETE = "FAST"
SQLITE_SPAN_INDEX = "rm_current_span"  # the R*Tree its triggers keep (migration 0004); rows are not deleted


class Cursor(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...
    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...
    def fetchall(self) -> list[Row]: ...


class _PostgresCursor:
    """Adapts ``?`` placeholders to psycopg's ``%s``."""

    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._cursor.execute(sql.replace("?", "%s"), params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self._cursor.executemany(sql.replace("?", "%s"), rows)

    def fetchall(self) -> list[Row]:
        return list(self._cursor.fetchall())

    def copy_rows(
        self, table: str, columns: str, rows: Sequence[Sequence[Any]], utf8: Sequence[int] = ()
    ) -> None:
        """``utf8``: the places in a row of text given as UTF-8 bytes, which psycopg would copy as bytea."""
        with self._cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                if utf8:
                    row = list(row)
                    for place in utf8:
                        if row[place] is not None:
                            row[place] = row[place].decode()
                copy.write_row(row)


def insert_rows(
    cursor: Cursor,
    table: str,
    columns: str,
    rows: Sequence[Sequence[Any]],
    utf8_columns: Collection[str] = (),
) -> None:
    """Insert the rows in order, in as few statements as the backend takes: ``COPY`` on PostgreSQL,
    ``ROWS_PER_STATEMENT`` rows per ``INSERT`` on SQLite. Row by row, the statements' own cost was a third
    of an S1 rebuild's inserts; and the projector's writer thread waits for the interpreter after each
    statement, up to its switch interval (5 ms): 2,000 rows rather than 500 took an S10 rebuild from 27 s
    to 24. The values of ``utf8_columns`` are text given as its UTF-8 bytes (or None), stored as text."""
    if not rows:
        return
    names = [name.strip() for name in columns.split(",")]
    if isinstance(cursor, _PostgresCursor):
        cursor.copy_rows(table, columns, rows, [i for i, name in enumerate(names) if name in utf8_columns])
        return
    # SQLite would store bytes as a blob; cast, it takes them for text in the database's encoding, UTF-8.
    one = f"({', '.join('CAST(? AS TEXT)' if name in utf8_columns else '?' for name in names)})"
    for size, start in _statements(len(rows), halving=isinstance(cursor, _OwnProcessCursor)):
        sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * size)}"
        cursor.execute(sql, list(chain.from_iterable(rows[start : start + size])))


def close_rows(cursor: Cursor, table: str, key: str, rows: Sequence[tuple[str, str, Any]]) -> None:
    """Set ``recorded_to`` of the current rows with the (recorded_to, unit_id, ``key``) of ``rows``: on
    SQLite ``ROWS_PER_STATEMENT`` at a time, joined to their values, each found by primary key."""
    where = f"unit_id = ? AND {key} = ? AND recorded_to IS NULL"
    if isinstance(cursor, _PostgresCursor):
        cursor.executemany(f"UPDATE {table} SET recorded_to = ? WHERE {where}", rows)
        return
    for size, start in _statements(len(rows), halving=isinstance(cursor, _OwnProcessCursor)):
        values = ", ".join(["(?, ?, ?)"] * size)
        cursor.execute(
            f"UPDATE {table} SET recorded_to = closing.column1 FROM (VALUES {values}) AS closing "
            f"WHERE {table}.unit_id = closing.column2 AND {table}.{key} = closing.column3 "
            f"AND {table}.recorded_to IS NULL",
            list(chain.from_iterable(rows[start : start + size])),
        )


def hold_off_other_projectors(cursor: Cursor) -> None:
    """Make every other projector's transaction wait until this one ends, so that the tracked position it
    reads next is the last one committed. SQLite: a writing transaction already holds the database
    (``BEGIN IMMEDIATE``). PostgreSQL: two transactions read the same position side by side and wrote the
    same rows (the second failed on a unique key); the table lock is released with the transaction, and
    lets the API's reads of the position through."""
    if isinstance(cursor, _PostgresCursor):
        cursor.execute("LOCK TABLE rm_tracking IN EXCLUSIVE MODE")


def clear_read_models(cursor: Cursor) -> None:
    """Empty every read model (the schema stays): the first step of a rebuild."""
    if isinstance(cursor, _PostgresCursor):
        # DELETE would leave dead rows behind that slow the replay that follows until a VACUUM.
        cursor.execute(f"TRUNCATE {', '.join(READ_MODEL_TABLES)}")
        return
    for table in READ_MODEL_TABLES:
        cursor.execute(f"DELETE FROM {table}")
    _create_anew(cursor, SQLITE_SPAN_INDEX)


def _create_anew(cursor: Cursor, table: str) -> None:
    """Drop the table and create it again as it was declared. ``DELETE`` erases a table whole, page by page,
    only if it is not virtual: it took an R*Tree apart entry by entry, 2.0 s of the 3.9 s it took to
    empty an S10 store, against 0.4 s for this (and most of an S100 rebuild's first two minutes)."""
    cursor.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,))
    [(declaration,)] = cursor.fetchall()
    cursor.execute(f"DROP TABLE {table}")
    cursor.execute(declaration)


def _statements(count: int, halving: bool) -> Iterator[tuple[int, int]]:
    """(rows, first row) of each statement for ``count`` rows: full ones, then one for the rest; or, if
    ``halving``, the rest in halves, quarters and so on of ``ROWS_PER_STATEMENT`` down to
    ``FEWEST_ROWS_HALVED``, then one for what is left.

    A statement's text is prepared once and kept (``STATEMENTS_KEPT``), and the rest of a flush's rows had a
    new one nearly every time. Preparing it was a tenth of an S10 rebuild's writer process, which halves.
    A writer thread does not: SQLite prepares without the interpreter, beside the projector, and each
    statement more is one more wait for the interpreter after it (an S1 ingest took 5 % longer)."""
    start = 0
    size = ROWS_PER_STATEMENT
    while count - start >= (FEWEST_ROWS_HALVED if halving else ROWS_PER_STATEMENT):
        while size > count - start:
            size //= 2
        yield size, start
        start += size
    if start < count:
        yield count - start, start


class _OwnProcessCursor(sqlite3.Cursor):
    """A cursor of a store whose writer has a process of its own: its statements halve the rest."""


class ReadStore:
    """Transactions and queries on the read-model tables; ``own_process``: the writer's, in a process of its
    own (``writer_process``)."""

    def __init__(self, settings: StoreSettings, own_process: bool = False) -> None:
        self.settings = settings
        self._cursor_class = _OwnProcessCursor if own_process else sqlite3.Cursor
        self._local = threading.local()
        # SQLite: one connection writes, whichever thread runs the transaction (the projector's writer
        # thread is new for each catch-up), so its pages stay cached from one to the next.
        self._writer: sqlite3.Connection | None = None
        self._writing = threading.Lock()
        self._pool: ConnectionPool | None = None
        if settings.backend == "postgresql":
            # Imported here: a rebuild's writer process on SQLite starts a tenth of a second sooner without
            # psycopg, and an S1 rebuild waits for its start.
            from psycopg_pool import ConnectionPool

            self._pool = ConnectionPool(
                conninfo=settings.postgres_conninfo(),
                # autocommit: a read is one round trip (no COMMIT at its end); transaction() says BEGIN itself
                kwargs={"options": f"-c search_path={settings.schema}", "autocommit": True},
                min_size=1,
                max_size=8,
                open=True,
            )

    def migrate(self) -> list[str]:
        """Apply pending migrations; returns the ids applied."""
        from yoyo import get_backend, read_migrations  # only here: the writer process never migrates

        backend = get_backend(self.settings.migrations_url())
        try:
            migrations = read_migrations(str(SQL_DIRECTORY))
            with backend.lock():
                pending = backend.to_apply(migrations)
                backend.apply_migrations(pending)
        finally:
            backend.connection.close()  # yoyo's backend has no close of its own
        return [migration.id for migration in pending]

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        if self._pool is not None:
            with self._pool.connection() as pg, pg.transaction():
                yield _PostgresCursor(pg.cursor())
            return
        with self._writing:
            lite = self._writer_connection()
            lite.execute("BEGIN IMMEDIATE")
            try:
                yield cast(Cursor, lite.cursor(self._cursor_class))
            except BaseException:
                lite.execute("ROLLBACK")
                raise
            lite.execute("COMMIT")

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        if self._pool is not None:
            with self._pool.connection() as pg:
                cursor = _PostgresCursor(pg.cursor())
                cursor.execute(sql, params)
                return cursor.fetchall()
        return self._sqlite_connection().execute(sql, params).fetchall()

    def clear(self) -> None:
        with self.transaction() as cursor:
            clear_read_models(cursor)

    def analyze(self) -> None:
        """PostgreSQL: the planner's statistics of every read model, after a bulk load (a rebuild); without
        them (autovacuum may be off) a unit's rows were read by a BitmapAnd of two indexes, 0.73 ms rather
        than 0.13 ms on an S1 store. A sample of 3,000 rows per table (target 10) gave those reads the same
        plans as the default 30,000, for a tenth of the time: 0.05 s, not 0.5 s, after a 3 s S1 rebuild.
        SQLite: nothing."""
        if self._pool is not None:
            with self.transaction() as cursor:
                cursor.execute("SET LOCAL default_statistics_target = 10")
                cursor.execute(f"ANALYZE {', '.join(READ_MODEL_TABLES)}")

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def _sqlite_connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = self._connect_sqlite()
        return connection

    def _writer_connection(self) -> sqlite3.Connection:
        if self._writer is None:
            writer = self._connect_sqlite()
            writer.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KIB}")
            writer.execute(f"PRAGMA wal_autocheckpoint = {CHECKPOINT_FRAMES}")
            writer.execute(f"PRAGMA journal_size_limit = {LOG_FILE_LIMIT}")
            writer.execute(f"PRAGMA secure_delete = {SECURE_DELETE}")
            self._writer = writer
        return self._writer

    def _connect_sqlite(self) -> sqlite3.Connection:
        assert self.settings.sqlite_path is not None
        connection = sqlite3.connect(
            self.settings.sqlite_path,
            isolation_level=None,
            check_same_thread=False,
            timeout=30,
            cached_statements=STATEMENTS_KEPT,
        )
        connection.execute("PRAGMA journal_mode=WAL")
        return connection
