"""Valid time, computed: from what the documents state about one unit to the unit's versions.

Pure functions, no storage. A statement (a unit definition or a head definition) applies over
[start, end): from its issuance's entry into force until whatever abolishes its issuance or its
section. Where several statements apply on a date, the one that took effect last wins (a later
issuance that defines the same unit replaces the earlier definition from its own date).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Protocol, TypeVar

from events.values import PartialDate
from service.projections.provisions import json_utf8


# Not frozen: a frozen dataclass is made three times slower (each field set through object.__setattr__),
# and the projector makes millions of these (8 % of an S1 rebuild); nothing assigns to one once made.
@dataclass(slots=True)
class Source:
    """Provenance: which provision of which issuance, by reference. Its words and place are the provision's
    (``rm_provision``, which no correction changes), looked up by the read side when asked for. Written
    into every version row, again each time a version was written anew, they cost an S100 rebuild an
    eighth of its time in the one clean comparison (BENCHMARKS.md, twenty-second session)."""

    symbol: str
    seq: int
    role: str = "unit"  # which fact of a version it supports: unit, name, head, functions
    stated_on: str | None = None  # the fact's own date, with its precision ("2008-12"), if it has one
    authority: str | None = None  # the symbol the fact rests on (A/RES/63/262), if stated
    items: tuple[str, ...] = ()  # for role "functions": the functions it states
    corrections: tuple[str, ...] = ()  # ids of the corrections applied to the provision
    # Its JSON, made once: a source is written into every version row it supports, again each time the
    # version is closed and written anew (most of an S10 rebuild's JSON).
    _json: bytes | None = field(default=None, init=False, repr=False, compare=False)

    def as_json(self) -> bytes:
        """The source as the read models store it, its fields in order, in UTF-8: the projector's rows keep
        their JSON in bytes, which cross to a writer process in half the time of text (``insert_rows``
        stores them as text). Made from a dict, which orjson writes in half the time it takes over a
        dataclass (a source is written once per provision of the log)."""
        if self._json is None:
            self._json = json_utf8(
                {
                    "symbol": self.symbol,
                    "seq": self.seq,
                    "role": self.role,
                    "stated_on": self.stated_on,
                    "authority": self.authority,
                    "items": self.items,
                    "corrections": self.corrections,
                },
                sort_keys=False,
            )
        return self._json


@dataclass(slots=True)
class Interval:
    start: date
    end: date | None  # None: open
    order: tuple[int, int]  # (recording position, seq): breaks ties between equal starts
    source: Source
    ended_by: Source | None = None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(slots=True)
class Statement:
    interval: Interval


@dataclass(slots=True)
class UnitStatement(Statement):
    name: str
    kind: str
    parent_id: str | None


@dataclass(slots=True)
class HeadStatement(Statement):
    post: str
    reports_to: tuple[str, ...]


@dataclass(slots=True)
class FunctionsStatement(Statement):
    items: tuple[str, ...]


@dataclass(slots=True)
class NameStatement(Statement):
    """A rename: only the name changes; kind and parent carry on from the unit's definition."""

    name: str


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything stated about one unit, by kind of statement."""

    units: list[UnitStatement]
    heads: list[HeadStatement] = field(default_factory=list)
    functions: list[FunctionsStatement] = field(default_factory=list)
    names: list[NameStatement] = field(default_factory=list)

    def all(self) -> list[Statement]:
        return [*self.units, *self.heads, *self.functions, *self.names]


@dataclass(slots=True)
class UnitVersion:
    unit_id: str
    valid_from: date
    valid_to: date | None
    name: str
    kind: str
    parent_id: str | None
    head_post: str | None
    head_reports_to: tuple[str, ...]
    aliases: tuple[str, ...]
    sources: tuple[Source, ...]
    ended_by: Source | None
    functions: tuple[str, ...] = ()
    valid_from_precision: str = "DAY"  # MONTH or YEAR when the version starts on a date so stated

    def facts(self) -> tuple[object, ...]:
        return (self.name, self.kind, self.parent_id, self.head_post, self.head_reports_to, self.functions)

    def same_facts(self, other: UnitVersion) -> bool:
        return self.facts() == other.facts()


_S = TypeVar("_S", bound=Statement)


class Winners(Protocol):
    """The statement of each kind in force on a day: the one that took effect last."""

    def unit_on(self, day: date) -> UnitStatement | None: ...
    def head_on(self, day: date) -> HeadStatement | None: ...
    def functions_on(self, day: date) -> FunctionsStatement | None: ...
    def name_on(self, day: date) -> NameStatement | None: ...


def _winner(statements: list[_S], day: date) -> _S | None:
    applying = [s for s in statements if s.interval.covers(day)]
    if not applying:
        return None
    return max(applying, key=lambda s: (s.interval.start, s.interval.order))


class _ScannedWinners:
    """Winners found by scanning every statement (``unit_versions``); the projector keeps an index."""

    def __init__(self, facts: Facts) -> None:
        self.facts = facts

    def unit_on(self, day: date) -> UnitStatement | None:
        return _winner(self.facts.units, day)

    def head_on(self, day: date) -> HeadStatement | None:
        return _winner(self.facts.heads, day)

    def functions_on(self, day: date) -> FunctionsStatement | None:
        return _winner(self.facts.functions, day)

    def name_on(self, day: date) -> NameStatement | None:
        return _winner(self.facts.names, day)


def _boundaries(statements: list[Statement]) -> list[date]:
    days: set[date] = set()
    for statement in statements:
        days.add(statement.interval.start)
        if statement.interval.end is not None:
            days.add(statement.interval.end)
    return sorted(days)


def _precision(unit: UnitStatement, start: date) -> str:
    stated = unit.interval.source.stated_on
    if stated and unit.interval.start == start:
        return PartialDate.parse(stated).precision.value
    return "DAY"


def _version_on(
    unit_id: str, winners: Winners, start: date, end: date | None, aliases: tuple[str, ...]
) -> UnitVersion | None:
    unit = winners.unit_on(start)
    if unit is None:
        return None
    head = winners.head_on(start)
    functions = winners.functions_on(start)
    rename = winners.name_on(start)
    interval = unit.interval
    name = unit.name
    sources = [interval.source]
    if rename is not None and _later(rename.interval, interval):
        name = rename.name
        sources.append(rename.interval.source)
    if head is not None:
        sources.append(head.interval.source)
    if functions is not None:
        sources.append(functions.interval.source)
    return UnitVersion(  # positional: a rebuild makes one per refreshed period (362,000 in S10)
        unit_id,
        start,
        end,
        name,
        unit.kind,
        unit.parent_id,
        head.post if head is not None else None,
        head.reports_to if head is not None else (),
        _other_names(aliases, name),
        tuple(sources),
        interval.ended_by if end is not None and interval.end == end else None,
        functions.items if functions is not None else (),
        _precision(unit, start),
    )


def _later(interval: Interval, than: Interval) -> bool:
    return (interval.start, interval.order) > (than.start, than.order)


def _other_names(aliases: tuple[str, ...], name: str) -> tuple[str, ...]:
    if len(aliases) == 1:  # most units have only ever had one name
        return () if aliases[0] == name else aliases
    return tuple([alias for alias in aliases if alias != name])


def unit_versions(
    unit_id: str,
    units: list[UnitStatement] | Facts,
    heads: list[HeadStatement] | None = None,
    aliases: tuple[str, ...] = (),
) -> list[UnitVersion]:
    """The unit's versions in valid-time order; adjacent periods with the same facts and sources merge."""
    facts = units if isinstance(units, Facts) else Facts(units, heads or [])
    if not facts.units:
        return []
    return continue_versions(unit_id, _ScannedWinners(facts), _boundaries(facts.all()), aliases, None)


def continue_versions(
    unit_id: str,
    winners: Winners,
    days: list[date],
    aliases: tuple[str, ...],
    seed: UnitVersion | None,
) -> list[UnitVersion]:
    """The versions over the periods between ``days`` (every boundary from some day on), following ``seed``
    (the version before them, which the first period may extend): the result starts with ``seed``."""
    versions: list[UnitVersion] = [seed] if seed is not None else []
    ends: list[date | None] = [*days[1:], None] if days else []
    for start, end in zip(days, ends, strict=True):
        version = _version_on(unit_id, winners, start, end, aliases)
        if version is None:
            continue
        previous = versions[-1] if versions else None
        if (
            previous
            and previous.valid_to == start
            and previous.same_facts(version)
            and previous.sources == version.sources
        ):
            versions[-1] = replace(previous, valid_to=version.valid_to, ended_by=version.ended_by)
        else:
            versions.append(version)
    return versions
