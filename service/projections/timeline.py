"""Loads what the recorded provisions say about one unit and turns it into versions and changes."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from service.projections.changes import UnitChange, unit_changes
from service.projections.provisions import ProvisionKind
from service.projections.store import Cursor
from service.projections.validity import (
    HeadStatement,
    Interval,
    Source,
    UnitStatement,
    UnitVersion,
    unit_versions,
)

PROPOSAL_KINDS = ("report",)

_STATEMENTS = """
SELECT p.symbol, p.seq, p.kind, p.section, p.paragraph, p.quote, p.data, i.effective_on, i.kind, i.position
FROM rm_provision p JOIN rm_issuance i ON i.symbol = p.symbol
WHERE p.unit_id = ? AND p.kind IN ('UNIT_DEFINED', 'HEAD_DEFINED', 'NAME_RESOLVED')
ORDER BY i.position, p.seq
"""

_ABOLITIONS = """
SELECT p.symbol, p.seq, p.section, p.paragraph, p.quote, p.target, p.data, i.effective_on
FROM rm_provision p JOIN rm_issuance i ON i.symbol = p.symbol
WHERE p.kind = 'ABOLISHES' AND p.target = ? AND i.effective_on IS NOT NULL AND i.kind <> 'report'
"""


class _Abolition:
    def __init__(self, row: tuple[Any, ...]) -> None:
        symbol, seq, section, paragraph, quote, _target, data, effective_on = row
        self.source = Source(symbol, seq, section, paragraph, quote)
        self.sections: list[str] = json.loads(data)["sections"]
        self.effective_on = date.fromisoformat(effective_on)

    def ends(self, section: str | None) -> bool:
        return not self.sections or (section is not None and section in self.sections)


def _interval(cursor: Cursor, row: tuple[Any, ...], abolitions: dict[str, list[_Abolition]]) -> Interval:
    symbol, seq, _kind, section, paragraph, quote, _data, effective_on, _ikind, position = row
    if symbol not in abolitions:
        cursor.execute(_ABOLITIONS, (symbol,))
        abolitions[symbol] = [_Abolition(r) for r in cursor.fetchall()]
    ending = [a for a in abolitions[symbol] if a.ends(section)]
    first_end = min(ending, key=lambda a: a.effective_on) if ending else None
    return Interval(
        start=date.fromisoformat(effective_on),
        end=first_end.effective_on if first_end else None,
        order=(position, seq),
        source=Source(symbol, seq, section, paragraph, quote),
        ended_by=first_end.source if first_end else None,
    )


def load_timeline(cursor: Cursor, unit_id: str) -> tuple[list[UnitVersion], list[UnitChange]]:
    cursor.execute(_STATEMENTS, (unit_id,))
    units: list[UnitStatement] = []
    heads: list[HeadStatement] = []
    names: list[str] = []
    abolitions: dict[str, list[_Abolition]] = {}
    for row in cursor.fetchall():
        kind, data, effective_on, issuance_kind = row[2], json.loads(row[6]), row[7], row[8]
        if "name" in data:
            names.append(data["name"])
        if effective_on is None or issuance_kind in PROPOSAL_KINDS:
            continue  # never in force by itself
        if kind == ProvisionKind.UNIT_DEFINED:
            units.append(
                UnitStatement(
                    _interval(cursor, row, abolitions), data["name"], data["kind"], data["parent_id"]
                )
            )
        elif kind == ProvisionKind.HEAD_DEFINED:
            heads.append(
                HeadStatement(_interval(cursor, row, abolitions), data["post"], tuple(data["reports_to"]))
            )
    versions = unit_versions(unit_id, units, heads, aliases=_unique(names))
    return versions, unit_changes(versions)


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))
