"""What the projection reads per issuance symbol: the abolitions in force against it, the corrections it
carries, and the units its rows name.

The cache is either complete (the projector started from empty read models, so a symbol it does not hold
has nothing recorded) or filled from the tables on first use. Either way the projector adds what it writes,
to the entries it holds, so an entry is never older than the rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from sys import intern
from typing import Any, Protocol, TypeVar

import orjson

from service.projections.overrides import Correction
from service.projections.statements import Abolition
from service.projections.store import Cursor

_T = TypeVar("_T")
_CHUNK = 500  # symbols per IN (...): well under every backend's limit on parameters

_ABOLITIONS = """
SELECT p.target, p.symbol, p.seq, p.data, i.effective_on
FROM rm_provision p JOIN rm_issuance i ON i.symbol = p.symbol
WHERE p.kind = 'ABOLISHES' AND p.target IN ({}) AND i.effective_on IS NOT NULL AND i.kind <> 'report'
ORDER BY i.position, p.seq
"""
_CORRECTIONS = """
SELECT symbol, seq, unit_id, data FROM rm_provision WHERE kind = 'CORRECTED' AND symbol IN ({})
ORDER BY symbol, seq
"""
_UNIT_IDS = "SELECT DISTINCT unit_id FROM rm_provision WHERE symbol = ? AND unit_id IS NOT NULL"


class Reader(Protocol):
    """A cursor that sees every row written so far in the transaction."""

    def reading_cursor(self) -> Cursor: ...


class SymbolCache:
    def __init__(self, complete: bool) -> None:
        self.complete = complete
        self.abolitions: dict[str, list[Abolition]] = {}
        self.corrections: dict[str, list[Correction]] = {}
        self.unit_ids: dict[str, set[str]] = {}

    def abolitions_of(self, reader: Reader, symbol: str) -> list[Abolition]:
        self.load(reader, [symbol])
        return self.abolitions[symbol]

    def unit_ids_of(self, reader: Reader, symbol: str) -> set[str]:
        found = self.unit_ids.get(symbol)
        if found is None:
            if self.complete:
                return self.unit_ids.setdefault(symbol, set())
            cursor = reader.reading_cursor()
            cursor.execute(_UNIT_IDS, (symbol,))
            found = self.unit_ids[symbol] = {row[0] for row in cursor.fetchall()}
        return found

    def load(self, reader: Reader, symbols: Iterable[str]) -> None:
        """Read the abolitions and corrections of the symbols not held yet, a few queries for all."""
        wanted = set(symbols)
        self._load(reader, wanted, _ABOLITIONS, self.abolitions, _abolition)
        self._load(reader, wanted, _CORRECTIONS, self.corrections, _correction)

    def _load(
        self,
        reader: Reader,
        wanted: set[str],
        sql: str,
        held: dict[str, list[_T]],
        parse: Callable[[tuple[Any, ...]], tuple[str, _T]],
    ) -> None:
        missing = sorted(s for s in wanted if s not in held)  # not `wanted - held.keys()`: O(len(held))
        if not missing:
            return
        for symbol in missing:
            held[symbol] = []
        if self.complete:
            return
        cursor = reader.reading_cursor()
        for start in range(0, len(missing), _CHUNK):
            chunk = missing[start : start + _CHUNK]
            cursor.execute(sql.format(", ".join("?" for _ in chunk)), chunk)
            for row in cursor.fetchall():
                symbol, item = parse(row)
                held[symbol].append(item)

    def recorded(self, symbol: str, unit_ids: set[str]) -> None:
        """A new issuance: before it, no row came from it (abolitions aimed at it may well exist). Its unit
        ids are held until the end of a rebuild, one string each, not one per issuance (its events decoded
        their own)."""
        self.unit_ids[symbol] = set(map(intern, unit_ids))
        self.corrections[symbol] = []

    def abolished(self, target: str, abolition: Abolition) -> bool:
        """Add an abolition in force; returns whether the target's abolitions are held (else the tables
        will be read, and hold it)."""
        if self.complete:
            self.abolitions.setdefault(target, [])
        held = self.abolitions.get(target)
        if held is not None:
            held.append(abolition)
        return held is not None

    def corrected(self, symbol: str, correction: Correction) -> None:
        if self.complete:
            self.corrections.setdefault(symbol, [])
            self.unit_ids.setdefault(symbol, set())
        if symbol in self.corrections:
            self.corrections[symbol].append(correction)
        if symbol in self.unit_ids and correction.unit_id is not None:
            self.unit_ids[symbol].add(correction.unit_id)


def _abolition(row: tuple[Any, ...]) -> tuple[str, Abolition]:
    target, *stated = row
    return target, Abolition.from_row(tuple(stated))


def _correction(row: tuple[Any, ...]) -> tuple[str, Correction]:
    symbol, seq, unit_id, data = row
    return symbol, Correction(seq, unit_id, orjson.loads(data))
