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


@dataclass(frozen=True, slots=True)
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
    return found


def unit_changes(versions: list[UnitVersion]) -> list[UnitChange]:
    """ESTABLISHED where a version starts after a gap (or first), ABOLISHED where one ends with no
    successor, and one change per differing fact between adjacent versions."""
    raw: list[tuple[date, ChangeKind, str | None, str | None, str | None, Source | None]] = []
    previous: UnitVersion | None = None
    for version in versions:
        main_source = version.sources[0] if version.sources else None
        if previous is None or previous.valid_to != version.valid_from:
            raw.append(
                (version.valid_from, ChangeKind.ESTABLISHED, version.name, None, version.name, main_source)
            )
        else:
            for kind, before, after in _differences(previous, version):
                source = version.sources[-1] if kind in _HEAD_CHANGES and version.sources else main_source
                raw.append((version.valid_from, kind, version.name, before, after, source))
        following_starts = version.valid_to is not None and any(
            v.valid_from == version.valid_to for v in versions
        )
        if version.valid_to is not None and not following_starts:
            raw.append(
                (version.valid_to, ChangeKind.ABOLISHED, version.name, version.name, None, version.ended_by)
            )
        previous = version
    unit_id = versions[0].unit_id if versions else ""
    return [
        UnitChange(unit_id, ordinal, day, kind, name, before, after, source)
        for ordinal, (day, kind, name, before, after, source) in enumerate(raw, start=1)
    ]


_HEAD_CHANGES = (ChangeKind.HEAD_CHANGED, ChangeKind.REPORTING_CHANGED)
