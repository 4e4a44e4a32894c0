"""What one unit's provision rows state, kept in order so that the projector can recompute the unit's
latest versions without going over its whole history again.

``UnitFacts`` holds the statements of one unit, each kind sorted by (start, recording order), so the
statement in force on a day is found by bisection rather than by a scan; the boundary days of all of them;
the posts moved in; and the names the unit has been known by. It also remembers the earliest day from which
anything it holds changed since the projector last read it (``dirty_from``): the versions before that day
cannot have changed (see ``service.projections.unit_state``).

A unit re-established again and again gathers statements that ended long ago; they can matter again only if
something changes before they ended. ``forget_ended_by`` lets them go, keeping where they end: if that
changes, or if anything before the day they were forgotten by changes, the projector reads the unit whole
again (``history_needed``, ``UnitState.needs_forgotten_facts``). So the statements a unit holds do not grow
with its history; where the forgotten ones end still does, one entry per issuance and section (``forgotten_
ends``: 40 of the 161 MB the units of a 4-department S100 history held at the end of a rebuild).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date
from sys import intern
from typing import Any, Generic, TypeVar

import orjson

from events.values import PartialDate
from service.projections.changes import ChangeKind, PointChange
from service.projections.overrides import StatedRow
from service.projections.provisions import ProvisionKind
from service.projections.validity import (
    Facts,
    FunctionsStatement,
    HeadStatement,
    Interval,
    NameStatement,
    Source,
    Statement,
    UnitStatement,
)

PROPOSAL_KINDS = ("report",)

_S = TypeVar("_S", bound=Statement)
_Key = tuple[date, tuple[int, int]]
_End = tuple[date | None, Source | None]  # where a statement ends, and the abolition that ends it


class Abolition:
    """An ABOLISHES provision in force (its issuance has a date and is not a report): from its date on, it
    ends the statements of the issuance it names, or of the sections it names."""

    def __init__(self, source: Source, sections: list[str], effective_on: date) -> None:
        self.source = source
        self.sections = sections
        self.effective_on = effective_on

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> Abolition:
        """From (symbol, seq, data, effective_on) as the tables hold them."""
        symbol, seq, data, effective_on = row
        source = Source(symbol, seq)
        return cls(source, orjson.loads(data)["sections"], date.fromisoformat(effective_on))

    def ends(self, section: str | None) -> bool:
        return not self.sections or (section is not None and section in self.sections)


def first_ending(abolitions: list[Abolition], section: str | None) -> Abolition | None:
    """The earliest abolition that ends a statement of ``section`` (the first recorded, on a tie)."""
    ending = [a for a in abolitions if a.ends(section)]
    return min(ending, key=lambda a: a.effective_on) if ending else None


def _key(statement: Statement) -> _Key:
    return (statement.interval.start, statement.interval.order)


def _ended_by(statement: Statement, day: date) -> bool:
    end = statement.interval.end
    return end is not None and end <= day


def _first_end(abolitions: list[Abolition], section: str | None) -> _End:
    first = first_ending(abolitions, section)
    return (first.effective_on, first.source) if first else (None, None)


class StatementIndex(Generic[_S]):
    """Statements of one kind, sorted by (start, recording order): the one in force on a day is the last
    that starts by then and has not ended."""

    def __init__(self) -> None:
        self.items: list[_S] = []
        self._keys: list[_Key] = []
        self._starts: list[date] = []

    def add(self, statement: _S) -> None:
        key = _key(statement)
        at = bisect_right(self._keys, key)
        self.items.insert(at, statement)
        self._keys.insert(at, key)
        self._starts.insert(at, key[0])

    def drop_ended_by(self, day: date) -> list[_S]:
        """Let go of the statements that ended by ``day``; returns them."""
        ended: list[_S] = []
        kept: list[tuple[_S, _Key]] = []
        for statement, key in zip(self.items, self._keys, strict=True):
            if _ended_by(statement, day):
                ended.append(statement)
            else:
                kept.append((statement, key))
        if ended:
            self.items = [s for s, _ in kept]
            self._keys = [k for _, k in kept]
            self._starts = [k[0] for _, k in kept]
        return ended

    def winner(self, day: date) -> _S | None:
        at = bisect_right(self._starts, day) - 1
        while at >= 0:
            statement = self.items[at]
            end = statement.interval.end
            if end is None or day < end:
                return statement
            at -= 1
        return None


class DayCounts:
    """A multiset of days, sorted: the boundaries of a unit's statements (several may share one)."""

    def __init__(self) -> None:
        self._counts: dict[date, int] = {}
        self._days: list[date] = []

    def add(self, day: date) -> None:
        count = self._counts.get(day, 0)
        if not count:
            self._days.insert(bisect_left(self._days, day), day)
        self._counts[day] = count + 1

    def remove(self, day: date) -> None:
        count = self._counts[day] - 1
        if count:
            self._counts[day] = count
            return
        del self._counts[day]
        del self._days[bisect_left(self._days, day)]

    def drop_before(self, day: date) -> None:
        """Let go of the days before ``day``, however many statements share them."""
        at = bisect_left(self._days, day)
        for gone in self._days[:at]:
            del self._counts[gone]
        del self._days[:at]

    def from_day(self, day: date | None) -> list[date]:
        return self._days[bisect_left(self._days, day) :] if day is not None else list(self._days)


# The interval of a statement an abolition of its issuance can end, and the statement's section.
_Ending = tuple[Interval, str | None]


@dataclass
class UnitFacts:
    """Everything recorded about one unit, as the versions are computed from it."""

    units: StatementIndex[UnitStatement] = field(default_factory=StatementIndex)
    heads: StatementIndex[HeadStatement] = field(default_factory=StatementIndex)
    functions: StatementIndex[FunctionsStatement] = field(default_factory=StatementIndex)
    names: StatementIndex[NameStatement] = field(default_factory=StatementIndex)
    boundaries: DayCounts = field(default_factory=DayCounts)
    points: list[PointChange] = field(default_factory=list)
    aliases: dict[str, None] = field(default_factory=dict)  # every name, in recording order
    endings: dict[str, list[_Ending]] = field(default_factory=dict)  # per issuance symbol
    symbols: set[str] = field(default_factory=set)  # every issuance a row comes from
    row_count: int = 0
    dirty_from: date | None = None  # the earliest day whose versions may differ from those last read
    aliases_changed: bool = False
    forgotten_before: date | None = None  # statements that ended by this day are no longer held
    # Per issuance, per section: where the forgotten statements of that section end, and by what.
    forgotten_ends: dict[str, dict[str | None, _End]] = field(default_factory=dict)
    history_needed: bool = False  # a forgotten statement would now end elsewhere: read the unit whole again

    def unit_on(self, day: date) -> UnitStatement | None:
        return self.units.winner(day)

    def head_on(self, day: date) -> HeadStatement | None:
        return self.heads.winner(day)

    def functions_on(self, day: date) -> FunctionsStatement | None:
        return self.functions.winner(day)

    def name_on(self, day: date) -> NameStatement | None:
        return self.names.winner(day)

    def as_facts(self) -> Facts:
        return Facts(
            list(self.units.items), list(self.heads.items), list(self.functions.items), list(self.names.items)
        )

    def mark_read(self) -> None:
        self.dirty_from, self.aliases_changed = None, False

    def _touch(self, day: date | None) -> None:
        if day is not None and (self.dirty_from is None or day < self.dirty_from):
            self.dirty_from = day

    def add_row(self, row: StatedRow, abolitions: list[Abolition]) -> None:
        """One (corrected) provision row about the unit, in recording order; ``abolitions`` are those in
        force against its issuance."""
        self.row_count += 1
        self.symbols.add(row.symbol)
        for name in (row.data.get("old_name"), row.data.get("name")):
            if isinstance(name, str) and name not in self.aliases:
                self.aliases[name] = None
                self.aliases_changed = True
        if row.issuance_kind in PROPOSAL_KINDS:
            return  # never in force by itself
        if row.effective_on is None and row.kind != ProvisionKind.ESTABLISHMENT:
            return  # no date to be in force from
        if row.kind == ProvisionKind.POSTS_MOVED:
            point = _moved_in(row, _source(row, "posts"))
            self.points.append(point)
            self._touch(point.effective_on)
            return
        self._add_statement(row, abolitions)

    def _add_statement(self, row: StatedRow, abolitions: list[Abolition]) -> None:
        data = row.data
        match row.kind:
            case ProvisionKind.UNIT_DEFINED | ProvisionKind.ESTABLISHMENT:
                interval = _interval(row, "unit", abolitions)
                name, kind, parent_id = intern(data["name"]), intern(data["kind"]), _shared(data["parent_id"])
                unit = UnitStatement(interval, name, kind, parent_id)
                self._put(self.units, unit, row)
            case ProvisionKind.HEAD_DEFINED:
                interval = _interval(row, "head", abolitions)
                reports_to = tuple(map(intern, data["reports_to"]))
                self._put(self.heads, HeadStatement(interval, intern(data["post"]), reports_to), row)
            case ProvisionKind.FUNCTIONS:
                interval = _interval(row, "functions", abolitions)
                self._put(self.functions, FunctionsStatement(interval, interval.source.items), row)
            case ProvisionKind.UNIT_RENAMED:
                self._put(self.names, NameStatement(_interval(row, "name", abolitions), data["name"]), row)

    def _put(self, index: StatementIndex[_S], statement: _S, row: StatedRow) -> None:
        interval = statement.interval
        index.add(statement)
        self.boundaries.add(interval.start)
        if interval.end is not None:
            self.boundaries.add(interval.end)
        self._touch(interval.start)
        if row.kind != ProvisionKind.ESTABLISHMENT:  # a past fact: no abolition of a document ends it
            self.endings.setdefault(row.symbol, []).append((interval, row.section))

    def forget_ended_by(self, day: date) -> bool:
        """Let go of the statements that ended by ``day`` (a day from which on nothing before it is read);
        whether there were any."""
        dropped = {  # by id, holding them so that no id is reused while the endings are sorted out
            id(statement.interval): statement
            for index in (self.units, self.heads, self.functions, self.names)
            for statement in index.drop_ended_by(day)
        }
        if not dropped:
            return False
        emptied = []
        for symbol, endings in self.endings.items():
            forgotten = [(i, section) for i, section in endings if id(i) in dropped]
            if forgotten:
                ends = self.forgotten_ends.setdefault(symbol, {})
                for interval, section in forgotten:
                    ends[section] = (interval.end, interval.ended_by)
                endings[:] = [e for e in endings if id(e[0]) not in dropped]
                if not endings:
                    emptied.append(symbol)
        for symbol in emptied:  # else each forgetting went over every issuance the unit was ever in
            del self.endings[symbol]
        self.row_count -= len(dropped)
        self.forgotten_before = max(day, self.forgotten_before or day)
        # No refresh reads a day before it again (``UnitState.needs_forgotten_facts``), and the ends an
        # abolition can move are those of statements held, none before it. A unit restated on every
        # reorganisation kept every day it was ever restated on (an S100 rebuild's inserts into them grew).
        self.boundaries.drop_before(self.forgotten_before)
        return True

    def end_again(self, symbol: str, abolitions: list[Abolition]) -> None:
        """The abolitions in force against ``symbol`` changed: end its statements where they now say. An
        interval is changed in place: its statement keeps its place in the index, by start and order."""
        firsts: dict[str | None, _End] = {}  # per section: most statements share a few
        for section, forgotten_end in self.forgotten_ends.get(symbol, {}).items():
            firsts[section] = _first_end(abolitions, section)
            self.history_needed |= firsts[section] != forgotten_end
        for interval, section in self.endings.get(symbol, ()):
            first = firsts.get(section)
            if first is None:
                first = firsts[section] = _first_end(abolitions, section)
            end, ended_by = first
            old_end = interval.end
            if end == old_end and (ended_by is interval.ended_by or ended_by == interval.ended_by):
                continue
            interval.end, interval.ended_by = end, ended_by
            if old_end is not None:
                self.boundaries.remove(old_end)
                self._touch(old_end)
            if end is not None:
                self.boundaries.add(end)
                self._touch(end)


def _source(row: StatedRow, role: str) -> Source:
    items = row.data.get("items")
    return Source(  # positional: a rebuild makes one per statement
        row.symbol,
        row.seq,
        role,
        row.data.get("established_on"),
        row.data.get("authority"),
        tuple(map(intern, items)) if items else (),
        row.corrections,
    )


def _shared(text: str | None) -> str | None:
    """One string for every statement that says the same: each event decodes its own copy, and a unit
    restated again and again holds the same quotes and functions (in S1, 21 MB of strings, 1 MB distinct)."""
    return intern(text) if text is not None else None


def _interval(row: StatedRow, role: str, abolitions: list[Abolition]) -> Interval:
    """From the issuance's entry into force until its (section's) first abolition."""
    source = _source(row, role)
    if row.kind == ProvisionKind.ESTABLISHMENT:  # a past fact, dated by itself, not by the document
        start = PartialDate.parse(row.data["established_on"]).earliest()
        return Interval(start, None, (row.position, row.seq), source)
    first_end = first_ending(abolitions, row.section) if abolitions else None
    return Interval(
        start=date.fromisoformat(row.effective_on or ""),
        end=first_end.effective_on if first_end else None,
        order=(row.position, row.seq),
        source=source,
        ended_by=first_end.source if first_end else None,
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
