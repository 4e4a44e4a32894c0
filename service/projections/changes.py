"""Typed changes of one unit, read off its consecutive versions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from service.projections.validity import Source, UnitVersion


class ChangeKind(Enum):
    ESTABLISHED = "ESTABLISHED"
    ABOLISHED = "ABOLISHED"
    RENAMED = "RENAMED"
    MOVED = "MOVED"
    KIND_CHANGED = "KIND_CHANGED"
    HEAD_CHANGED = "HEAD_CHANGED"
    REPORTING_CHANGED = "REPORTING_CHANGED"
    FUNCTIONS_CHANGED = "FUNCTIONS_CHANGED"
    POSTS_MOVED = "POSTS_MOVED"


# Not frozen, for speed, as ``validity.Source`` (which says why).
@dataclass(slots=True)
class UnitChange:
    unit_id: str
    ordinal: int
    effective_on: date
    change: ChangeKind
    name: str | None
    before: str | None
    after: str | None
    source: Source | None


def _differences(before: UnitVersion, after: UnitVersion) -> list[tuple[ChangeKind, str | None, str | None]]:
    found: list[tuple[ChangeKind, str | None, str | None]] = []
    if before.name != after.name:
        found.append((ChangeKind.RENAMED, before.name, after.name))
    if before.parent_id != after.parent_id:
        found.append((ChangeKind.MOVED, before.parent_id, after.parent_id))
    if before.kind != after.kind:
        found.append((ChangeKind.KIND_CHANGED, before.kind, after.kind))
    if before.head_post != after.head_post:
        found.append((ChangeKind.HEAD_CHANGED, before.head_post, after.head_post))
    if before.head_reports_to != after.head_reports_to:
        found.append(
            (
                ChangeKind.REPORTING_CHANGED,
                "; ".join(before.head_reports_to) or None,
                "; ".join(after.head_reports_to) or None,
            )
        )
    if before.functions != after.functions:
        found.append(
            (
                ChangeKind.FUNCTIONS_CHANGED,
                "; ".join(before.functions) or None,
                "; ".join(after.functions) or None,
            )
        )
    return found


@dataclass(slots=True)
class PointChange:
    """A change stated as an event on a date rather than read off two versions (posts moved in)."""

    effective_on: date
    change: ChangeKind
    before: str | None
    after: str | None
    source: Source


def _source_for(version: UnitVersion, kind: ChangeKind) -> Source | None:
    role = _ROLES.get(kind, "unit")
    chosen = [s for s in version.sources if s.role == role]
    if chosen:
        return chosen[0]
    return version.sources[0] if version.sources else None


_Entry = tuple[date, ChangeKind, str | None, str | None, str | None, Source | None]


def _point_rows(versions: list[UnitVersion], points: list[PointChange]) -> list[_Entry]:
    rows: list[_Entry] = []
    for point in points:
        day = point.effective_on
        in_force = [v for v in versions if v.valid_from <= day and (v.valid_to is None or day < v.valid_to)]
        name = in_force[0].name if in_force else None
        rows.append((day, point.change, name, point.before, point.after, point.source))
    return rows


def unit_changes(
    versions: list[UnitVersion], points: list[PointChange] | None = None, unit_id: str | None = None
) -> list[UnitChange]:
    """ESTABLISHED where a version starts after a gap (or first), ABOLISHED where one ends with no
    successor, and one change per differing fact between adjacent versions."""
    unit_id = unit_id or (versions[0].unit_id if versions else "")
    return changes_from(unit_id, versions, 0, points or [], 1)


def changes_from(
    unit_id: str, versions: list[UnitVersion], first: int, points: list[PointChange], ordinal: int
) -> list[UnitChange]:
    """The changes read off ``versions[first:]`` (against the version before them) and ``points``, in date
    order, numbered from ``ordinal``. Every change from an earlier version falls before
    ``versions[first].valid_from``, so the changes of a whole history are its earlier ones followed by these
    (given the points from that day on)."""
    raw: list[_Entry] = []
    previous = versions[first - 1] if first > 0 else None
    for index in range(first, len(versions)):
        version = versions[index]
        main_source = version.sources[0] if version.sources else None
        if previous is None or previous.valid_to != version.valid_from:
            raw.append(
                (version.valid_from, ChangeKind.ESTABLISHED, version.name, None, version.name, main_source)
            )
        else:
            for kind, before, after in _differences(previous, version):
                raw.append(
                    (version.valid_from, kind, version.name, before, after, _source_for(version, kind))
                )
        # Versions do not overlap and come in valid-time order: only the next one can start where this ends.
        following = versions[index + 1] if index + 1 < len(versions) else None
        following_starts = following is not None and following.valid_from == version.valid_to
        if version.valid_to is not None and not following_starts:
            raw.append(
                (version.valid_to, ChangeKind.ABOLISHED, version.name, version.name, None, version.ended_by)
            )
        previous = version
    raw.extend(_point_rows(versions[first:], points))
    raw.sort(key=lambda change: change[0])
    return [
        UnitChange(unit_id, number, day, kind, name, before, after, source)
        for number, (day, kind, name, before, after, source) in enumerate(raw, start=ordinal)
    ]


_ROLES = {
    ChangeKind.RENAMED: "name",
    ChangeKind.HEAD_CHANGED: "head",
    ChangeKind.REPORTING_CHANGED: "head",
    ChangeKind.FUNCTIONS_CHANGED: "functions",
}
