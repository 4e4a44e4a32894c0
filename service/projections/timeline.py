"""Loads what the recorded provisions say about one unit and turns it into versions and changes.

Corrections (CORRECTED rows) are applied on top of the rows they aim at (service.projections.overrides):
a row a correction moves to another unit counts for that unit, and no longer for its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import Any

from events.values import PartialDate
from service.projections.changes import ChangeKind, PointChange, UnitChange, unit_changes
from service.projections.overrides import Correction, StatedRow, corrected, corrections_of
from service.projections.provisions import ProvisionKind
from service.projections.store import Cursor
from service.projections.validity import (
    Facts,
    FunctionsStatement,
    HeadStatement,
    Interval,
    NameStatement,
    Source,
    UnitStatement,
    UnitVersion,
    unit_versions,
)

PROPOSAL_KINDS = ("report",)
STATEMENT_KINDS = (
    ProvisionKind.UNIT_DEFINED,
    ProvisionKind.HEAD_DEFINED,
    ProvisionKind.NAME_RESOLVED,
    ProvisionKind.FUNCTIONS,
    ProvisionKind.ESTABLISHMENT,
    ProvisionKind.UNIT_RENAMED,
    ProvisionKind.POSTS_MOVED,
)
_KINDS = ", ".join(f"'{kind}'" for kind in STATEMENT_KINDS)
_COLUMNS = """
SELECT p.symbol, p.seq, p.kind, p.section, p.paragraph, p.quote, p.unit_id, p.data, i.effective_on, i.kind,
       i.position
FROM rm_provision p JOIN rm_issuance i ON i.symbol = p.symbol
"""
_STATEMENTS = f"{_COLUMNS} WHERE p.unit_id = ? AND p.kind IN ({_KINDS})"
_ONE = f"{_COLUMNS} WHERE p.symbol = ? AND p.seq = ? AND p.kind IN ({_KINDS})"
_CORRECTIONS_TO = "SELECT symbol, data FROM rm_provision WHERE unit_id = ? AND kind = 'CORRECTED'"

_ABOLITIONS = """
SELECT p.symbol, p.seq, p.section, p.paragraph, p.quote, p.target, p.data, i.effective_on
FROM rm_provision p JOIN rm_issuance i ON i.symbol = p.symbol
WHERE p.kind = 'ABOLISHES' AND p.target = ? AND i.effective_on IS NOT NULL AND i.kind <> 'report'
"""


_ABOLISHED_BY = "SELECT DISTINCT target FROM rm_provision WHERE symbol = ? AND kind = 'ABOLISHES'"


class _Abolition:
    def __init__(self, row: tuple[Any, ...]) -> None:
        symbol, seq, section, paragraph, quote, _target, data, effective_on = row
        self.source = Source(symbol, seq, section, paragraph, quote)
        self.sections: list[str] = json.loads(data)["sections"]
        self.effective_on = date.fromisoformat(effective_on)

    def ends(self, section: str | None) -> bool:
        return not self.sections or (section is not None and section in self.sections)


class TimelineMemo:
    """What ``load_timeline`` reads per symbol (the abolitions aimed at it, the corrections it carries),
    kept for one projector transaction, across the units and issuances it rewrites.

    The projector calls ``forget`` for every symbol whose rows it writes, before it reloads a timeline, so an
    entry is never older than the rows it was read from."""

    def __init__(self) -> None:
        self.abolitions: dict[str, list[_Abolition]] = {}
        self.corrections: dict[str, list[Correction]] = {}

    def abolitions_of(self, cursor: Cursor, symbol: str) -> list[_Abolition]:
        found = self.abolitions.get(symbol)
        if found is None:
            cursor.execute(_ABOLITIONS, (symbol,))
            found = self.abolitions[symbol] = [_Abolition(r) for r in cursor.fetchall()]
        return found

    def forget(self, cursor: Cursor, symbol: str) -> None:
        """Drop what may depend on ``symbol``'s rows: its corrections, and the abolitions of every issuance
        it abolishes (its own abolitions depend on other issuances' rows only)."""
        self.corrections.pop(symbol, None)
        cursor.execute(_ABOLISHED_BY, (symbol,))
        for (target,) in cursor.fetchall():
            self.abolitions.pop(target, None)


def _stated(row: tuple[Any, ...]) -> StatedRow:
    symbol, seq, kind, section, paragraph, quote, unit_id, data, effective_on, ikind, position = row
    return StatedRow(
        symbol, seq, kind, section, paragraph, quote, unit_id, json.loads(data), effective_on, ikind, position
    )


def _rows_about(cursor: Cursor, unit_id: str, memo: TimelineMemo) -> list[StatedRow]:
    """The unit's provision rows after corrections: its own, less those corrected away, plus those
    corrected onto it."""
    cursor.execute(_STATEMENTS, (unit_id,))
    rows = {(r.symbol, r.seq): r for r in map(_stated, cursor.fetchall())}
    cursor.execute(_CORRECTIONS_TO, (unit_id,))
    for symbol, data in cursor.fetchall():
        for seq in json.loads(data)["target_seqs"]:
            cursor.execute(_ONE, (symbol, seq))
            rows.update({(r.symbol, r.seq): r for r in map(_stated, cursor.fetchall())})
    fixed = [corrected(row, corrections_of(cursor, row.symbol, memo.corrections)) for row in rows.values()]
    return sorted((r for r in fixed if r.unit_id == unit_id), key=lambda r: (r.position, r.seq))


class _Intervals:
    """Intervals of rows: from the issuance's entry into force until its (section's) abolition."""

    def __init__(self, cursor: Cursor, memo: TimelineMemo) -> None:
        self.cursor = cursor
        self.memo = memo

    def of(self, row: StatedRow, role: str) -> Interval:
        source = self.source(row, role)
        if row.kind == ProvisionKind.ESTABLISHMENT:  # a past fact, dated by itself, not by the document
            start = PartialDate.parse(row.data["established_on"]).earliest()
            return Interval(start, None, (row.position, row.seq), source)
        ending = [a for a in self.memo.abolitions_of(self.cursor, row.symbol) if a.ends(row.section)]
        first_end = min(ending, key=lambda a: a.effective_on) if ending else None
        return Interval(
            start=date.fromisoformat(row.effective_on or ""),
            end=first_end.effective_on if first_end else None,
            order=(row.position, row.seq),
            source=source,
            ended_by=first_end.source if first_end else None,
        )

    @staticmethod
    def source(row: StatedRow, role: str) -> Source:
        return Source(
            row.symbol,
            row.seq,
            row.section,
            row.paragraph,
            row.quote,
            role=role,
            stated_on=row.data.get("established_on"),
            authority=row.data.get("authority"),
            items=tuple(row.data.get("items", ())),
            corrections=row.corrections,
        )


def _moved_in(row: StatedRow, source: Source) -> PointChange:
    grades = ", ".join(f"{grade} ×{count}" for grade, count in row.data["grades"])
    after = f"{row.data['count']} posts ({grades}) from {row.data['from_unit']}" if grades else None
    return PointChange(
        date.fromisoformat(row.effective_on or ""),
        ChangeKind.POSTS_MOVED,
        row.data["from_unit"],
        after or f"{row.data['count']} posts from {row.data['from_unit']}",
        source,
    )


def _facts(cursor: Cursor, rows: list[StatedRow], memo: TimelineMemo) -> tuple[Facts, list[PointChange]]:
    facts, points, intervals = Facts([]), [], _Intervals(cursor, memo)
    for row in rows:
        if row.issuance_kind in PROPOSAL_KINDS:
            continue  # never in force by itself
        if row.effective_on is None and row.kind != ProvisionKind.ESTABLISHMENT:
            continue  # no date to be in force from
        data = row.data
        match row.kind:
            case ProvisionKind.UNIT_DEFINED | ProvisionKind.ESTABLISHMENT:
                statement = UnitStatement(
                    intervals.of(row, "unit"), data["name"], data["kind"], data["parent_id"]
                )
                facts.units.append(statement)
            case ProvisionKind.HEAD_DEFINED:
                facts.heads.append(
                    HeadStatement(intervals.of(row, "head"), data["post"], tuple(data["reports_to"]))
                )
            case ProvisionKind.FUNCTIONS:
                facts.functions.append(
                    FunctionsStatement(intervals.of(row, "functions"), tuple(data["items"]))
                )
            case ProvisionKind.UNIT_RENAMED:
                facts.names.append(NameStatement(intervals.of(row, "name"), data["name"]))
            case ProvisionKind.POSTS_MOVED:
                points.append(_moved_in(row, intervals.source(row, "posts")))
    return facts, points


def _add_functions(facts: Facts, statement: FunctionsStatement) -> None:
    """Several paragraphs of one issuance may state one unit's functions: together they are its list."""
    for index, earlier in enumerate(facts.functions):
        if earlier.interval.source.symbol == statement.interval.source.symbol and (
            earlier.interval.start,
            earlier.interval.end,
        ) == (statement.interval.start, statement.interval.end):
            items = (*earlier.items, *statement.items)
            source = replace(earlier.interval.source, items=items)
            facts.functions[index] = FunctionsStatement(replace(earlier.interval, source=source), items)
            return
    facts.functions.append(statement)


def load_timeline(
    cursor: Cursor, unit_id: str, memo: TimelineMemo | None = None
) -> tuple[list[UnitVersion], list[UnitChange]]:
    """The unit's versions and changes from the rows recorded so far. ``memo`` may be shared by the calls of
    one transaction (see ``TimelineMemo``); without it, nothing is kept."""
    memo = memo if memo is not None else TimelineMemo()
    rows = _rows_about(cursor, unit_id, memo)
    facts, points = _facts(cursor, rows, memo)
    names = [n for r in rows for n in (r.data.get("old_name"), r.data.get("name")) if isinstance(n, str)]
    versions = unit_versions(unit_id, facts, aliases=_unique(names))
    return versions, unit_changes(versions, points, unit_id)


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))
