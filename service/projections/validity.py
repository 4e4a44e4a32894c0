"""Valid time, computed: from what the documents state about one unit to the unit's versions.

Pure functions, no storage. A statement (a unit definition or a head definition) applies over
[start, end): from its issuance's entry into force until whatever abolishes its issuance or its
section. Where several statements apply on a date, the one that took effect last wins (a later
issuance that defines the same unit replaces the earlier definition from its own date).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypeVar


@dataclass(frozen=True, slots=True)
class Source:
    """Provenance: which paragraph of which issuance."""

    symbol: str
    seq: int
    section: str | None
    paragraph: str | None
    quote: str


@dataclass(frozen=True, slots=True)
class Interval:
    start: date
    end: date | None  # None: open
    order: tuple[int, int]  # (recording position, seq): breaks ties between equal starts
    source: Source
    ended_by: Source | None = None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class Statement:
    interval: Interval


@dataclass(frozen=True, slots=True)
class UnitStatement(Statement):
    name: str
    kind: str
    parent_id: str | None


@dataclass(frozen=True, slots=True)
class HeadStatement(Statement):
    post: str
    reports_to: tuple[str, ...]


@dataclass(frozen=True, slots=True)
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

    def same_facts(self, other: UnitVersion) -> bool:
        return (self.name, self.kind, self.parent_id, self.head_post, self.head_reports_to) == (
            other.name,
            other.kind,
            other.parent_id,
            other.head_post,
            other.head_reports_to,
        )


_S = TypeVar("_S", bound=Statement)


def _winner(statements: list[_S], day: date) -> _S | None:
    applying = [s for s in statements if s.interval.covers(day)]
    if not applying:
        return None
    return max(applying, key=lambda s: (s.interval.start, s.interval.order))


def _boundaries(units: list[UnitStatement], heads: list[HeadStatement]) -> list[date]:
    days: set[date] = set()
    for statement in [*units, *heads]:
        days.add(statement.interval.start)
        if statement.interval.end is not None:
            days.add(statement.interval.end)
    return sorted(days)


def unit_versions(
    unit_id: str, units: list[UnitStatement], heads: list[HeadStatement], aliases: tuple[str, ...] = ()
) -> list[UnitVersion]:
    """The unit's versions in valid-time order; adjacent periods with the same facts and sources merge."""
    versions: list[UnitVersion] = []
    days = _boundaries(units, heads)
    for start, end in zip(days, [*days[1:], None], strict=True):
        unit = _winner(units, start)
        if unit is None:
            continue
        head = _winner(heads, start)
        sources = (unit.interval.source,) + ((head.interval.source,) if head else ())
        ending = _ending_source(unit, end)
        version = UnitVersion(
            unit_id=unit_id,
            valid_from=start,
            valid_to=end,
            name=unit.name,
            kind=unit.kind,
            parent_id=unit.parent_id,
            head_post=head.post if head else None,
            head_reports_to=head.reports_to if head else (),
            aliases=tuple(a for a in aliases if a != unit.name),
            sources=sources,
            ended_by=ending,
        )
        previous = versions[-1] if versions else None
        if (
            previous
            and previous.valid_to == start
            and previous.same_facts(version)
            and previous.sources == version.sources
        ):
            versions[-1] = _extend(previous, version)
        else:
            versions.append(version)
    return versions


def _ending_source(unit: UnitStatement, end: date | None) -> Source | None:
    if end is not None and unit.interval.end == end:
        return unit.interval.ended_by
    return None


def _extend(previous: UnitVersion, following: UnitVersion) -> UnitVersion:
    return UnitVersion(
        unit_id=previous.unit_id,
        valid_from=previous.valid_from,
        valid_to=following.valid_to,
        name=previous.name,
        kind=previous.kind,
        parent_id=previous.parent_id,
        head_post=previous.head_post,
        head_reports_to=previous.head_reports_to,
        aliases=previous.aliases,
        sources=previous.sources,
        ended_by=following.ended_by,
    )
