"""Keeps the read models up to date with the event log, exactly once.

A pull catch-up (SQLite cannot push): read the notifications after the tracked position, group them by
issuance (one atomic save is one contiguous run), and for each issuance write its rows, recompute the
versions of the units it touches and move the tracked position, all in one read-model transaction.
Recorded time comes from the events themselves, so a rebuild reproduces the same bitemporal history.

The projector keeps what it knows of the read models in memory (``ProjectionMemory``) across
transactions, so an issuance costs what it changes, not what its units' histories hold. The memory is
dropped whenever it might no longer be true: a failed transaction, a tracked position someone else moved.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, suppress
from dataclasses import dataclass
from functools import partial
from typing import Protocol

from events.issuance import Issuance, normalise_symbol
from service.projections.collector import collector_paused
from service.projections.memory import DEFAULT_ROW_BUDGET, FORGET_ABOVE, MemoryCounts, ProjectionMemory
from service.projections.provisions import ProvisionKind, issuance_params, provision_row, recorded_time
from service.projections.store import (
    READ_MODEL_TABLES,
    Cursor,
    ReadStore,
    clear_read_models,
    hold_off_other_projectors,
)
from service.projections.streams import affected_unit_ids, starts_a_save, symbol_of
from service.projections.turns import projecting
from service.projections.write_behind import WriteBehind
from service.projections.writes import PendingWrites

TRACKING_NAME = "read_models"
logger = logging.getLogger("sgb.projector")
PAGE_SIZE = 5000


@dataclass(frozen=True, slots=True)
class TransactionSizes:
    """How many issuances and events one read-model transaction projects at the most."""

    issuances: int
    events: int
    tail_share: int | None = None  # if set: at most this share of the events left to project
    tail_events: int = 0  # ... but at least this many


# A rebuild projects more to a transaction: it rewrites fewer rows (a row inserted and closed again within
# a transaction is never sent) and the projector does less per issuance: in an S10 rebuild its process took
# 20.1–21.0 s of processor time rather than 23.5, and the rebuild 22.2–22.7 s rather than 23.1–23.7. Its
# transactions grow smaller towards the end, so that the writer's backlog is short when the projector is
# done: S1 rebuilds 1.80 → 1.56–1.61 s (SQLite) and 1.89–1.97 → 1.66–1.81 (PostgreSQL). A catch-up keeps
# the smaller transactions (an S10 ingest took 51.4 s rather than 48.8 with these).
CATCH_UP = TransactionSizes(issuances=100, events=20_000)
REBUILD = TransactionSizes(issuances=400, events=80_000, tail_share=4, tail_events=2_000)


class EventSource(Protocol):
    """What the projector needs of the application: events after a position, and the last position (a
    rebuild's transactions grow smaller towards it)."""

    def events_after(self, position: int, limit: int) -> list[tuple[int, Issuance.Event]]: ...
    def max_position(self) -> int: ...


class Projector:
    def __init__(self, source: EventSource, store: ReadStore, row_budget: int = DEFAULT_ROW_BUDGET) -> None:
        self.source = source
        self.store = store
        self.row_budget = row_budget
        self.forget_above = FORGET_ABOVE
        self.memory_counts = MemoryCounts()  # across this projector's memories
        self._memory: ProjectionMemory | None = None
        self._transactions = 0  # begun by this projector: the memory knows transactions by their numbers
        self._lock = threading.RLock()  # one catch-up at a time: they share the memory

    def position(self) -> int:
        rows = self.store.query("SELECT position FROM rm_tracking WHERE name = ?", (TRACKING_NAME,))
        return int(rows[0][0]) if rows else 0

    def catch_up(self) -> int:
        """Project everything recorded since the last call; returns how many issuances were projected.

        Issuances are projected in order, several per read-model transaction (``CATCH_UP``); each
        transaction moves the tracked position to its last event, so a failure rolls back whole issuances
        and nothing is ever projected twice. A writer thread writes each transaction while the next one is
        computed (``write_behind``).

        Another projector (another process's) may project some of them first: this one then goes on from
        where that one got, without writing anything twice.
        """
        with self._lock, self._turn(alone=False), collector_paused():
            projected = 0
            while True:
                try:
                    return projected + self._project_after(self.position(), rebuilding=False)
                except PositionMovedError as moved:
                    projected += moved.projected

    def rebuild(self, progress: Callable[[int], None] | None = None) -> int:
        """Empty the read models and project every issuance again. The writer, a process of its own,
        empties them in the first transaction, while the first issuances are computed (it took a tenth of
        an S10 rebuild). Other processes' catch-ups wait until it is done, and it for theirs (``turns``).
        ``progress`` is told the position each transaction projects to, once it is handed to the writer."""
        with self._lock, self._turn(alone=True):
            self._memory = None  # freed now: the collector would go over all of it before the catch-up
            with collector_paused():
                self._memory = ProjectionMemory(0, complete=True, counts=self.memory_counts)
                projected = self._project_after(0, rebuilding=True, progress=progress)
                if not projected:
                    self.store.clear()
                self.store.analyze()  # every row was just loaded: the planner's statistics (PostgreSQL)
            return projected

    def _turn(self, alone: bool) -> AbstractContextManager[None]:
        return projecting(self.store.settings, alone, partial(_say_waiting, alone))

    def _project_after(
        self, position: int, rebuilding: bool, progress: Callable[[int], None] | None = None
    ) -> int:
        """Project the issuances after ``position``; returns how many. Raises ``PositionMovedError`` if
        another projector moved the tracked position first, with how many this one had committed."""
        issuances: dict[int, int] = {}  # per transaction begun, the issuances it projects
        writer: WriteBehind | None = None
        try:
            for group in self._groups(position, REBUILD if rebuilding else CATCH_UP):
                if writer is None:
                    writer = WriteBehind(self.store, self._transactions, own_process=rebuilding)
                    read_after = None if rebuilding else position
                    number = self._project_group(writer, group, read_after, clear=rebuilding)
                else:
                    number = self._project_group(writer, group, read_after=None, clear=False)
                issuances[number] = len(group)
                if progress is not None:
                    progress(group[-1][-1][0])
            if writer is not None:
                writer.close()
        except BaseException as failure:
            self._memory = None  # it may hold what a rollback undid
            if writer is not None:
                _close_after_failure(writer)
                if isinstance(failure, PositionMovedError):
                    failure.projected = sum(n for t, n in issuances.items() if t <= writer.committed)
            raise
        finally:
            if writer is not None:
                self._transactions = writer.begun
        return sum(issuances.values())

    def _issuance_batches(self, after: int) -> Iterator[list[tuple[int, Issuance.Event]]]:
        batch: list[tuple[int, Issuance.Event]] = []
        while True:
            page = self.source.events_after(after, PAGE_SIZE)
            for position, event in page:
                if batch and starts_a_save(batch[-1][1], event):
                    yield batch
                    batch = []
                batch.append((position, event))
            if len(page) < PAGE_SIZE:
                break
            after = page[-1][0]
        if batch:
            yield batch

    def _groups(
        self, after: int, sizes: TransactionSizes
    ) -> Iterator[list[list[tuple[int, Issuance.Event]]]]:
        """The issuances after ``after``, as many at a time as one transaction writes."""
        end = self.source.max_position() if sizes.tail_share else 0
        group: list[list[tuple[int, Issuance.Event]]] = []
        events = 0
        for batch in self._issuance_batches(after):
            group.append(batch)
            events += len(batch)
            limit = sizes.events
            if sizes.tail_share:
                limit = min(limit, max(sizes.tail_events, (end - batch[-1][0]) // sizes.tail_share))
            if len(group) >= sizes.issuances or events >= limit:
                yield group
                group, events = [], 0
        if group:
            yield group

    def _project_group(
        self,
        writer: WriteBehind,
        group: list[list[tuple[int, Issuance.Event]]],
        read_after: int | None,
        clear: bool,
    ) -> int:
        """Project the issuances in one transaction; returns its number. ``read_after``: the position the
        issuances were read after, if the memory might no longer be true of the tables (another projector
        may have written them since this one last did): the transaction goes on only if the tracked
        position is still there. Otherwise it checks the position is still where the memory left it.
        ``clear``: empty the read models first."""
        transaction = writer.begin()
        try:
            if clear:
                transaction.submit(clear_read_models)
            read_here = read_after is not None or self._memory is None  # then other projectors wait
            if read_here:
                self._memory = self._memory_at(*transaction.call(_tracked_state))
            memory = self._memory
            assert memory is not None
            if read_after is not None and memory.position != read_after:
                raise _moved(found=memory.position, expected=read_after)
            memory.transaction = transaction.number
            if not read_here:
                transaction.submit(partial(_expect_position, memory.position))
            writes = PendingWrites(transaction)
            for batch in group:
                _IssuanceProjection(memory, writes, batch).project()
                writes.flush_if_writer_idle()
            writes.flush()
            last = group[-1][-1][0]
            transaction.submit(partial(_move_position, last))
        except BaseException:
            transaction.abort()
            raise
        transaction.commit()
        memory.position = last
        memory.let_go_beyond(self.row_budget, self.forget_above)
        return transaction.number

    def _memory_at(self, position: int, empty: bool) -> ProjectionMemory:
        """The memory, if still true of the tables (nobody else moved the tracked ``position``); else a new
        one, complete if the read models are ``empty``."""
        if self._memory is not None and self._memory.position == position:
            return self._memory
        return ProjectionMemory(position, complete=empty, counts=self.memory_counts)


class PositionMovedError(RuntimeError):
    """Another projector moved the tracked position while this one was projecting."""

    projected = 0  # the issuances this one had committed by then (set on the way out)


def _moved(found: int, expected: int) -> PositionMovedError:
    return PositionMovedError(
        f"the read models were projected to {found} by another projector, not {expected}"
    )


def _say_waiting(alone: bool) -> None:
    if alone:
        logger.warning("another process is catching up the read models: the rebuild waits until it is done")
    else:
        logger.warning("another process is rebuilding the read models: waiting until it is done")


def _tracked_position(cursor: Cursor) -> int:
    """The position the last committed transaction of any projector left; this transaction's from now on."""
    hold_off_other_projectors(cursor)
    cursor.execute("SELECT position FROM rm_tracking WHERE name = ?", (TRACKING_NAME,))
    rows = cursor.fetchall()
    return int(rows[0][0]) if rows else 0


def _tracked_state(cursor: Cursor) -> tuple[int, bool]:
    """The tracked position, and whether the read models are empty."""
    return _tracked_position(cursor), _read_models_empty(cursor)


def _expect_position(expected: int, cursor: Cursor) -> None:
    """Go on only if the tracked position is where the memory left it."""
    found = _tracked_position(cursor)
    if found != expected:
        raise _moved(found, expected)


def _move_position(position: int, cursor: Cursor) -> None:
    cursor.execute(
        "INSERT INTO rm_tracking (name, position) VALUES (?, ?) "
        "ON CONFLICT (name) DO UPDATE SET position = excluded.position",
        (TRACKING_NAME, position),
    )


def _close_after_failure(writer: WriteBehind) -> None:
    """Wait for the writer, whose failure, if any, is the one raised or one that followed from it."""
    with suppress(BaseException):
        writer.close()


def _read_models_empty(cursor: Cursor) -> bool:
    for table in READ_MODEL_TABLES:
        cursor.execute(f"SELECT 1 FROM {table} LIMIT 1")
        if cursor.fetchall():
            return False
    return True


class _IssuanceProjection:
    """One issuance (one atomic save): its rows, then the versions of every unit it touches, as of its own
    recorded time."""

    def __init__(
        self, memory: ProjectionMemory, writes: PendingWrites, batch: list[tuple[int, Issuance.Event]]
    ) -> None:
        self.memory = memory
        self.writes = writes
        self.batch = batch
        self.recorded_at = recorded_time(max([event.timestamp for _, event in batch]))

    def project(self) -> None:
        self._write_rows()
        # Every unit first, then every refresh: a unit read from the tables has the writes gathered so far
        # flushed first, and a refresh adds more; so all are read after one flush, not one flush each.
        states = [self.memory.unit(self.writes, unit_id) for unit_id in sorted(self._affected_units())]
        for state in states:
            unit_id = state.unit_id
            versions, changes = state.refresh()
            self.writes.replace("rm_unit_version", unit_id, versions, self.recorded_at)
            self.writes.replace("rm_unit_change", unit_id, changes, self.recorded_at)

    def _write_rows(self) -> None:
        symbol = symbol_of(self.batch)
        recorded = [e for _, e in self.batch if isinstance(e, Issuance.Recorded)]
        rows = [row for _, e in self.batch if (row := provision_row(symbol, e)) is not None]
        params = [row.as_params(self.recorded_at) for row in rows]
        self.writes.provisions.extend(params)
        if len(recorded) == 1:
            issuance = issuance_params(recorded[0], self.recorded_at, self.batch[-1][0])
            self.writes.issuances.append(issuance)
            self.memory.record(self.writes, issuance, rows)
        elif not recorded and all(row.kind == ProvisionKind.CORRECTED for row in rows):
            self.memory.correct(symbol, params)
        else:  # not a save the projector knows the shape of: let the memory read it all from the tables
            self.memory.forget_all()
            for event in recorded:
                self.writes.issuances.append(issuance_params(event, self.recorded_at, self.batch[-1][0]))

    def _affected_units(self) -> set[str]:
        """Units this issuance states anything about, and the units of every issuance it abolishes."""
        units = {unit_id for _, e in self.batch for unit_id in affected_unit_ids(e)}
        targets = {
            normalise_symbol(e.target) for _, e in self.batch if isinstance(e, Issuance.IssuanceAbolished)
        }
        for target in sorted(targets):
            units.update(self.memory.symbols.unit_ids_of(self.writes, target))
        return units
