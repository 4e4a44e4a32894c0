"""The rows one read-model transaction writes, gathered and written a table at a time.

A version or change row inserted and closed again within the transaction is inserted closed. Rows closed
that were current before are closed by UPDATE, before any insert: an insert may bring back a row with the
same key, which the UPDATE must not touch. The rows go to the writer (``write_behind``, a thread or a
process) as they are flushed; a read waits for them to be written.
"""

from __future__ import annotations

import marshal
import pickle
from collections.abc import Sequence
from functools import partial
from typing import Any, SupportsIndex

from service.projections.store import ROWS_PER_STATEMENT, Cursor, ReadStore, Row, close_rows, insert_rows
from service.projections.symbols import Reader
from service.projections.unit_state import RowDiff
from service.projections.write_behind import Transaction

_ISSUANCE_COLUMNS = (
    "symbol, kind, title, language, issued_on, effective_on, department, source_name, source_sha256, "
    "metadata_sources, recorded_at, position"
)
_PROVISION_COLUMNS = "symbol, seq, kind, section, paragraph, quote, unit_id, target, data, recorded_at"
# The JSON the projector makes, which it keeps in UTF-8 (``Source.as_json``): stored as text.
_UTF8_COLUMNS = frozenset({"data", "sources", "source"})
_COLUMNS = {
    "rm_unit_version": (
        "unit_id, valid_from, valid_to, name, kind, parent_id, head_post, head_reports_to, aliases, sources",
        "valid_from",
    ),
    "rm_unit_change": (
        "unit_id, ordinal, effective_on, change, name, before_value, after_value, source",
        "ordinal",
    ),
}


# Rows gathered before they go to the writer early, while it has nothing else to write
# (``flush_if_writer_idle``). A transaction's rows used to go at its end, so the writer idled through the
# first one and the projector waited through the last: an S1 rebuild (three transactions) took 2.1 s, and
# 1.8 s with these. Not while the writer is busy: a row sent is closed again by an UPDATE, where a row
# inserted and closed within what is gathered is inserted closed (flushed every 4,000 rows regardless, an S10
# rebuild's writer worked 45 % more, and the rebuild took 29.7 s rather than 24.6).
EARLY_FLUSH_ROWS = 4000
# marshal's format 2, without references: formats 3 and 4 write a string held twice once, but look up every
# object held more than once (a row's strings are also held by the projector's memory) and took longer. Both
# ends run the same Python, which is all marshal asks.
MARSHAL_VERSION = 2


class PendingWrites:
    def __init__(self, transaction: Transaction) -> None:
        self.transaction = transaction
        self.issuances: list[Row] = []
        self.provisions: list[Row] = []
        self.closing: dict[str, list[Row]] = {table: [] for table in _COLUMNS}
        self.inserting: dict[str, list[list[Any]]] = {table: [] for table in _COLUMNS}
        self._open: dict[str, dict[tuple[str, Any], list[Any]]] = {table: {} for table in _COLUMNS}
        self.change_points: dict[str, int] = {}  # per day, how many more current versions start or end on it

    def reading_cursor(self) -> Cursor:
        """The cursor, once everything gathered so far is written: a read sees it all."""
        self.flush()
        return _ReadingCursor(self.transaction)

    def committed_reader(self, transaction: int) -> Reader:
        """A reader of what is committed, once the transaction numbered ``transaction`` is: for rows
        written no later, it reads without waiting for what the writer has not written since."""
        writer = self.transaction.writer
        writer.wait_until_committed(transaction)
        return _CommittedReader(writer.store)

    def replace(self, table: str, unit_id: str, diff: RowDiff, recorded_at: str) -> None:
        """Close the unit's current rows ``diff`` names and insert its new rows, at ``recorded_at``."""
        pending = self._open[table]
        for row in diff.closed:
            inserted = pending.pop((unit_id, row[1]), None)
            if inserted is not None:
                inserted[-1] = recorded_at
            else:
                self.closing[table].append((recorded_at, unit_id, row[1]))
                if table == "rm_unit_version":
                    self._count_change_points(row, -1)
        for row in diff.inserting:
            values = [*row, recorded_at, None]
            self.inserting[table].append(values)
            pending[(unit_id, row[1])] = values

    def _count_change_points(self, row: Sequence[Any], step: int) -> None:
        """The days a current version starts and ends on, counted as it is closed (-1) or inserted (+1). Only
        rows written are counted: a row inserted and closed again before it is written, as most are in an
        S100 rebuild, counts for nothing (counting them took a tenth of its time)."""
        points = self.change_points
        points[row[1]] = points.get(row[1], 0) + step
        if row[2] is not None:
            points[row[2]] = points.get(row[2], 0) + step

    def flush_if_writer_idle(self) -> None:
        """Flush if enough rows are gathered and the writer has committed every transaction before this
        one (it is writing what this one flushed, or idle)."""
        transaction = self.transaction  # the writer first: it is mostly busy, and cheaper to ask than a count
        if transaction.writer.committed >= transaction.number - 1 and self._gathered() >= EARLY_FLUSH_ROWS:
            self.flush()

    def _gathered(self) -> int:
        return (
            len(self.issuances)
            + len(self.provisions)
            + sum(map(len, self.closing.values()))
            + sum(map(len, self.inserting.values()))
        )

    def flush(self) -> None:
        if not self._gathered():
            return
        # Handed over whole: nothing here touches these rows again (``_open`` starts anew).
        for values in self.inserting["rm_unit_version"]:
            if values[-1] is None:  # still current
                self._count_change_points(values, 1)
        points = [(day, count) for day, count in self.change_points.items() if count]
        job = partial(
            _write, rows=GatheredRows((self.issuances, self.provisions, self.closing, self.inserting, points))
        )
        self.change_points = {}
        self.issuances, self.provisions = [], []
        self.closing = {table: [] for table in _COLUMNS}
        self.inserting = {table: [] for table in _COLUMNS}
        self._open = {table: {} for table in _COLUMNS}
        self.transaction.submit(job)


_Rows = tuple[list[Row], list[Row], dict[str, list[Row]], dict[str, list[list[Any]]], list[tuple[str, int]]]


class GatheredRows(_Rows):
    """The issuance, provision, closing and inserted rows of one flush, and its counts of change points. To
    a writer process they cross as one ``marshal`` blob, which arrives as a plain tuple: pickled object by
    object they cost the projector 2.8 s of an S10 rebuild, marshalled 2.0 s (marshal knows only strings,
    bytes, numbers, None and containers, all a row holds)."""

    __slots__ = ()

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        """From protocol 5 on, the blob is a buffer, which ``child_process.frames`` sends as it is."""
        blob = marshal.dumps(tuple(self), MARSHAL_VERSION)
        return marshal.loads, (pickle.PickleBuffer(blob) if int(protocol) >= 5 else blob,)


def _write(cursor: Cursor, rows: _Rows) -> None:
    issuances, provisions, closing, inserting, change_points = rows
    insert_rows(cursor, "rm_issuance", _ISSUANCE_COLUMNS, issuances)
    insert_rows(cursor, "rm_provision", _PROVISION_COLUMNS, provisions, _UTF8_COLUMNS)
    for table, (columns, key) in _COLUMNS.items():
        close_rows(cursor, table, key, closing[table])
        insert_rows(cursor, table, f"{columns}, recorded_from, recorded_to", inserting[table], _UTF8_COLUMNS)
    _count_change_points(cursor, change_points)


def _count_change_points(cursor: Cursor, counts: list[tuple[str, int]]) -> None:
    """Add to the number of current versions starting or ending on each day; a day on which none does any
    longer is no change point: its row goes (as a rebuild, which may count it in other steps, leaves it).
    Many days to a statement: a statement each, an S100 rebuild's writer worked a tenth more."""
    fewer = [day for day, count in counts if count < 0]
    for start in range(0, len(counts), ROWS_PER_STATEMENT):
        chunk = counts[start : start + ROWS_PER_STATEMENT]
        cursor.execute(
            f"INSERT INTO rm_change_point (day, versions) VALUES {', '.join(['(?, ?)'] * len(chunk))} "
            "ON CONFLICT (day) DO UPDATE SET versions = rm_change_point.versions + excluded.versions",
            [value for count in chunk for value in count],
        )
    for start in range(0, len(fewer), ROWS_PER_STATEMENT):
        days = fewer[start : start + ROWS_PER_STATEMENT]
        marks = ", ".join(["?"] * len(days))
        cursor.execute(f"DELETE FROM rm_change_point WHERE versions = 0 AND day IN ({marks})", days)


class _ReadingCursor:
    """Reads in the transaction, each run by the writer after everything queued before it."""

    def __init__(self, transaction: Transaction) -> None:
        self._transaction = transaction
        self._rows: list[Row] = []

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._rows = self._transaction.call(partial(_fetch, sql=sql, params=params))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        raise TypeError("a reading cursor only reads")

    def fetchall(self) -> list[Row]:
        return self._rows


class _CommittedReader:
    """Reads on the store's own reading connection, beside the writer's."""

    def __init__(self, store: ReadStore) -> None:
        self._store = store
        self._rows: list[Row] = []

    def reading_cursor(self) -> Cursor:
        return self

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._rows = self._store.query(sql, params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        raise TypeError("a committed reader only reads")

    def fetchall(self) -> list[Row]:
        return self._rows


def _fetch(cursor: Cursor, sql: str, params: Sequence[Any]) -> list[Row]:
    cursor.execute(sql, params)
    return cursor.fetchall()
