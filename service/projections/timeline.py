"""Reads what the recorded provisions say about one unit, as ``UnitFacts``.

Corrections (CORRECTED rows) are applied on top of the rows they aim at (service.projections.overrides):
a row a correction moves to another unit counts for that unit, and no longer for its own. The projector
reads a unit this way the first time it touches it in a process (or after a correction of one of its
issuances); ``load_timeline`` computes a unit's whole timeline from the tables, as a reference.
"""

from __future__ import annotations

from typing import Any

import orjson

from service.projections.changes import UnitChange, unit_changes
from service.projections.overrides import StatedRow, corrected
from service.projections.provisions import ProvisionKind
from service.projections.statements import UnitFacts
from service.projections.store import Cursor
from service.projections.symbols import Reader, SymbolCache
from service.projections.validity import UnitVersion, unit_versions

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
SELECT p.symbol, p.seq, p.kind, p.section, p.unit_id, p.data, i.effective_on, i.kind, i.position
FROM rm_provision p JOIN rm_issuance i ON i.symbol = p.symbol
"""
_STATEMENTS = f"{_COLUMNS} WHERE p.unit_id = ? AND p.kind IN ({_KINDS})"
_ONE = f"{_COLUMNS} WHERE p.symbol = ? AND p.seq = ? AND p.kind IN ({_KINDS})"
_CORRECTIONS_TO = "SELECT symbol, data FROM rm_provision WHERE unit_id = ? AND kind = 'CORRECTED'"


def _stated(row: tuple[Any, ...]) -> StatedRow:
    symbol, seq, kind, section, unit_id, data, effective_on, ikind, position = row
    return StatedRow(symbol, seq, kind, section, unit_id, orjson.loads(data), effective_on, ikind, position)


def rows_about(reader: Reader, unit_id: str, symbols: SymbolCache) -> list[StatedRow]:
    """The unit's provision rows after corrections, in recording order: its own, less those corrected
    away, plus those corrected onto it."""
    cursor = reader.reading_cursor()
    cursor.execute(_STATEMENTS, (unit_id,))
    rows = {(r.symbol, r.seq): r for r in map(_stated, cursor.fetchall())}
    cursor.execute(_CORRECTIONS_TO, (unit_id,))
    for symbol, data in cursor.fetchall():
        for seq in orjson.loads(data)["target_seqs"]:
            cursor.execute(_ONE, (symbol, seq))
            rows.update({(r.symbol, r.seq): r for r in map(_stated, cursor.fetchall())})
    symbols.load(reader, {row.symbol for row in rows.values()})
    fixed = [corrected(row, symbols.corrections[row.symbol]) for row in rows.values()]
    return sorted((r for r in fixed if r.unit_id == unit_id), key=lambda r: (r.position, r.seq))


def read_facts(reader: Reader, unit_id: str, symbols: SymbolCache) -> UnitFacts:
    facts = UnitFacts()
    for row in rows_about(reader, unit_id, symbols):
        facts.add_row(row, symbols.abolitions[row.symbol])
    return facts


class _CursorReader:
    def __init__(self, cursor: Cursor) -> None:
        self.cursor = cursor

    def reading_cursor(self) -> Cursor:
        return self.cursor


def load_timeline(cursor: Cursor, unit_id: str) -> tuple[list[UnitVersion], list[UnitChange]]:
    """The unit's versions and changes from the rows recorded so far, computed from scratch."""
    facts = read_facts(_CursorReader(cursor), unit_id, SymbolCache(complete=False))
    versions = unit_versions(unit_id, facts.as_facts(), aliases=tuple(facts.aliases))
    return versions, unit_changes(versions, facts.points, unit_id)
