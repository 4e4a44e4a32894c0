"""Corrections applied on read: a CORRECTED provision row overrides fields of earlier provision rows of the
same issuance, which stay as recorded. Projection runs in recording order, so a unit's versions recorded
before a correction keep the uncorrected answer (asKnownAt), and those recorded after it use it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any


# Not frozen, for speed, as ``validity.Source`` (which says why).
@dataclass(slots=True)
class StatedRow:
    """One provision row as the timeline reads it, after the corrections that apply to it."""

    symbol: str
    seq: int
    kind: str
    section: str | None
    unit_id: str | None
    data: dict[str, Any]
    effective_on: str | None
    issuance_kind: str
    position: int
    corrections: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Correction:
    seq: int
    unit_id: str | None
    data: dict[str, Any]

    @property
    def targets(self) -> list[int]:
        return list(self.data["target_seqs"])


def corrected(row: StatedRow, corrections: list[Correction]) -> StatedRow:
    """The row with every correction aimed at it applied, in the order they were recorded."""
    for correction in corrections:
        if row.seq in correction.targets:
            row = _apply(row, correction)
    return row


def _apply(row: StatedRow, correction: Correction) -> StatedRow:
    what, was, now = correction.data["field"], correction.data["was"], correction.data["now"]
    data = dict(row.data)
    unit_id = row.unit_id
    if what == "unit":
        unit_id = correction.unit_id
    elif what in ("name", "kind", "post") and what in data:
        data[what] = now
    elif what == "parent" and "parent_id" in data:
        data["parent_id"] = correction.data["now_id"]
    elif what == "reports_to" and "reports_to" in data:
        data["reports_to"] = [now if post == was else post for post in data["reports_to"]]
    elif what == "text":
        data = {key: _replace_text(value, was, now) for key, value in data.items()}
    ids = (*row.corrections, correction.data["correction_id"])
    return replace(row, unit_id=unit_id, data=data, corrections=ids)


def _replace_text(value: Any, was: str, now: str) -> Any:
    if isinstance(value, str):
        return value.replace(was, now)
    if isinstance(value, list):
        return [_replace_text(item, was, now) for item in value]
    return value
