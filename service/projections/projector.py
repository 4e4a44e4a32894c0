"""Keeps the read models up to date with the event log, exactly once.

A pull catch-up (SQLite cannot push): read the notifications after the tracked position, group them by
issuance (one atomic save is one contiguous run), and for each issuance write its rows, recompute the
versions of the units it touches and move the tracked position, all in one read-model transaction.
Recorded time comes from the events themselves, so a rebuild reproduces the same bitemporal history.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

import orjson

from events.issuance import Issuance, normalise_symbol
from service.projections.changes import UnitChange
from service.projections.provisions import issuance_params, provision_row, recorded_time
from service.projections.store import Cursor, ReadStore
from service.projections.streams import affected_unit_ids, starts_a_save, symbol_of
from service.projections.timeline import TimelineMemo, load_timeline
from service.projections.validity import UnitVersion

TRACKING_NAME = "read_models"
PAGE_SIZE = 1000
ISSUANCES_PER_TRANSACTION = 100
EVENTS_PER_TRANSACTION = 20_000


class EventSource(Protocol):
    """What the projector needs of the application: positions and events after a position."""

    def events_after(self, position: int, limit: int) -> list[tuple[int, Issuance.Event]]: ...


class Projector:
    def __init__(self, source: EventSource, store: ReadStore) -> None:
        self.source = source
        self.store = store

    def position(self) -> int:
        rows = self.store.query("SELECT position FROM rm_tracking WHERE name = ?", (TRACKING_NAME,))
        return int(rows[0][0]) if rows else 0

    def catch_up(self) -> int:
        """Project everything recorded since the last call; returns how many issuances were projected.

        Issuances are projected in order, several per read-model transaction (up to ``ISSUANCES_PER_
        TRANSACTION`` or ``EVENTS_PER_TRANSACTION``); each transaction moves the tracked position to its
        last event, so a failure rolls back whole issuances and nothing is ever projected twice.
        """
        projected = 0
        group: list[list[tuple[int, Issuance.Event]]] = []
        events = 0
        for batch in self._issuance_batches(self.position()):
            group.append(batch)
            events += len(batch)
            if len(group) >= ISSUANCES_PER_TRANSACTION or events >= EVENTS_PER_TRANSACTION:
                projected += self._project_group(group)
                group, events = [], 0
        if group:
            projected += self._project_group(group)
        return projected

    def rebuild(self) -> int:
        self.store.clear()
        return self.catch_up()

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

    def _project_group(self, group: list[list[tuple[int, Issuance.Event]]]) -> int:
        with self.store.transaction() as cursor:
            memo = TimelineMemo()  # per transaction: what the rows read so far say, per symbol
            for batch in group:
                _project_issuance(cursor, batch, memo)
            cursor.execute(
                "INSERT INTO rm_tracking (name, position) VALUES (?, ?) "
                "ON CONFLICT (name) DO UPDATE SET position = excluded.position",
                (TRACKING_NAME, group[-1][-1][0]),
            )
        return len(group)


def _project_issuance(cursor: Cursor, batch: list[tuple[int, Issuance.Event]], memo: TimelineMemo) -> None:
    """One issuance: its rows, then the versions of every unit it touches, as of its own recorded time."""
    position = batch[-1][0]
    recorded_at = recorded_time(max(event.timestamp for _, event in batch))
    symbol = _write_rows(cursor, batch, recorded_at, position)
    memo.forget(cursor, symbol)  # every row just written is this symbol's
    for unit_id in sorted(_affected_units(cursor, symbol, batch)):
        _rewrite_unit(cursor, unit_id, recorded_at, memo)


def _write_rows(
    cursor: Cursor, batch: list[tuple[int, Issuance.Event]], recorded_at: str, position: int
) -> str:
    symbol = symbol_of(batch)
    rows = []
    for _, event in batch:
        if isinstance(event, Issuance.Recorded):
            cursor.execute(
                "INSERT INTO rm_issuance VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                issuance_params(event, recorded_at, position),
            )
        elif (row := provision_row(symbol, event)) is not None:
            rows.append(row.as_params(recorded_at))
    cursor.executemany("INSERT INTO rm_provision VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return symbol


def _affected_units(cursor: Cursor, symbol: str, batch: list[tuple[int, Issuance.Event]]) -> set[str]:
    """Units this issuance states anything about, and the units of every issuance it abolishes."""
    units = {unit_id for _, e in batch for unit_id in affected_unit_ids(e)}
    targets = {normalise_symbol(e.target) for _, e in batch if isinstance(e, Issuance.IssuanceAbolished)}
    for target in sorted(targets):
        cursor.execute(
            "SELECT DISTINCT unit_id FROM rm_provision WHERE symbol = ? AND unit_id IS NOT NULL", (target,)
        )
        units.update(row[0] for row in cursor.fetchall())
    return units


def _rewrite_unit(cursor: Cursor, unit_id: str, recorded_at: str, memo: TimelineMemo) -> None:
    """Close the unit's current rows and write the new ones, only where something differs."""
    versions, changes = load_timeline(cursor, unit_id, memo)
    _replace_if_changed(cursor, "rm_unit_version", unit_id, [_version_row(v) for v in versions], recorded_at)
    _replace_if_changed(cursor, "rm_unit_change", unit_id, [_change_row(c) for c in changes], recorded_at)


_COLUMNS = {
    "rm_unit_version": (
        "unit_id",
        "valid_from",
        "valid_to",
        "name",
        "kind",
        "parent_id",
        "head_post",
        "head_reports_to",
        "aliases",
        "sources",
    ),
    "rm_unit_change": (
        "unit_id",
        "ordinal",
        "effective_on",
        "change",
        "name",
        "before_value",
        "after_value",
        "source",
    ),
}


def _replace_if_changed(
    cursor: Cursor, table: str, unit_id: str, rows: list[tuple[Any, ...]], recorded_at: str
) -> None:
    """Close the current rows that are no longer true and insert the new ones; rows that stay true stay as
    they are (with their original recorded time), so each issuance writes only what it changes."""
    columns = _COLUMNS[table]
    key = "valid_from" if table == "rm_unit_version" else "ordinal"  # unique among a unit's current rows
    cursor.execute(
        f"SELECT {', '.join(columns)} FROM {table} WHERE unit_id = ? AND recorded_to IS NULL ORDER BY {key}",
        (unit_id,),
    )
    current = [tuple(r) for r in cursor.fetchall()]
    if current == rows:
        return
    staying, wanted = set(rows), set(current)
    closing = [(recorded_at, unit_id, row[1]) for row in current if row not in staying]
    if closing:
        cursor.executemany(
            f"UPDATE {table} SET recorded_to = ? WHERE unit_id = ? AND {key} = ? AND recorded_to IS NULL",
            closing,
        )
    placeholders = ", ".join("?" for _ in range(len(columns) + 2))
    cursor.executemany(
        f"INSERT INTO {table} ({', '.join(columns)}, recorded_from, recorded_to) VALUES ({placeholders})",
        [(*row, recorded_at, None) for row in rows if row not in wanted],
    )


def _json(value: Any) -> str:
    """Compact JSON; dataclasses (provenance) are encoded by orjson itself, in field order."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def _version_row(v: UnitVersion) -> tuple[Any, ...]:
    sources = {
        "facts": list(v.sources),
        "ended_by": v.ended_by,
    }
    return (
        v.unit_id,
        v.valid_from.isoformat(),
        v.valid_to.isoformat() if v.valid_to else None,
        v.name,
        v.kind,
        v.parent_id,
        v.head_post,
        _json(list(v.head_reports_to)),
        _json(list(v.aliases)),
        _json(sources),
    )


def _change_row(c: UnitChange) -> tuple[Any, ...]:
    return (
        c.unit_id,
        c.ordinal,
        c.effective_on.isoformat(),
        c.change.value,
        c.name,
        c.before,
        c.after,
        _json(c.source) if c.source else None,
    )
