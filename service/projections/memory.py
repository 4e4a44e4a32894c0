"""The projector's working memory: what it knows of the read models, so that an issuance costs what it
changes rather than what its units' histories hold.

Everything here is a copy of what the rm_* tables say (the projector is their only writer) and is read from
them the first time it is needed in a process. The projector drops the whole memory when a transaction
fails, when the tables were written by someone else (the tracked position moved), and on rebuild. Units
are kept in least-recently-used order and the oldest are let go beyond a budget of provision rows, so a long
history holds a bounded number of rows (what else a unit holds still grows with it: see ``statements``). A
unit let go is read again when next touched, from the committed tables if its rows are all written by
then, without waiting for the writer. Before that, a unit with many rows forgets the statements that ended
before its last version, and the versions and changes before that (``UnitState.forget_the_past``), so the
units in force fit in the budget however long their histories grow; one whose past changes is read again.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from typing import Protocol

import orjson

from service.projections.overrides import Correction, StatedRow
from service.projections.provisions import ProvisionKind, ProvisionRow
from service.projections.statements import Abolition, UnitFacts
from service.projections.store import Cursor, Row
from service.projections.symbols import Reader, SymbolCache
from service.projections.timeline import STATEMENT_KINDS, read_facts
from service.projections.unit_state import UnitState
from service.projections.validity import Source

DEFAULT_ROW_BUDGET = 200_000  # provision rows held across units: about 100-150 MB
FORGET_ABOVE = 32  # rows a unit holds before it forgets its past: a few reorganisations' worth

_CURRENT = {
    "rm_unit_version": "SELECT unit_id, valid_from, valid_to, name, kind, parent_id, head_post, "
    "head_reports_to, aliases, sources FROM rm_unit_version WHERE unit_id = ? AND recorded_to IS NULL "
    "ORDER BY valid_from",
    "rm_unit_change": "SELECT unit_id, ordinal, effective_on, change, name, before_value, after_value, "
    "source FROM rm_unit_change WHERE unit_id = ? AND recorded_to IS NULL ORDER BY ordinal",
}


class ProjectionWrites(Reader, Protocol):
    """What the memory reads through: the transaction's reads, and reads of what is committed."""

    def committed_reader(self, transaction: int) -> Reader: ...


@dataclass
class MemoryCounts:
    """What memories did, counted across them: units read from the tables, of those the units read again
    because they had forgotten statements they then needed, and units that forgot their past."""

    read: int = 0
    read_again: int = 0
    forgot: int = 0


class ProjectionMemory:
    def __init__(self, position: int, complete: bool, counts: MemoryCounts) -> None:
        self.position = position  # the tracked position the memory is true at
        self.counts = counts  # the projector's, kept across its memories
        self.forget_all(complete)

    def forget_all(self, complete: bool = False) -> None:
        """Hold nothing; unless ``complete``, read everything from the tables again as it is needed."""
        self.complete = complete  # started from empty read models: a unit never held has no rows
        self.symbols = SymbolCache(complete)
        self.units: OrderedDict[str, UnitState] = OrderedDict()
        self.holders: dict[str, set[str]] = {}  # per symbol, the held units with facts from its rows
        # Units no longer held although they have rows, each with the transaction by whose end all their rows
        # are written (``committed_reader``); and per held unit, the last transaction that asked for it.
        self.let_go: dict[str, int] = {}
        self.asked_in: dict[str, int] = {}
        self.touched: set[str] = set()  # units asked for since the last ``let_go_beyond``
        self.transaction = 0  # the number of the transaction being gathered

    def unit(self, writes: ProjectionWrites, unit_id: str) -> UnitState:
        """The unit, read from the tables if not held, or if it forgot statements it now needs."""
        self.touched.add(unit_id)
        self.asked_in[unit_id] = self.transaction
        state = self._state(unit_id)
        if state is not None and state.needs_forgotten_facts():
            self.counts.read_again += 1
            self._let_go(unit_id, self.transaction)
            state = None
        if state is None:
            state = self._read_committed(writes, unit_id) or self._read(writes, unit_id)
        return state

    def _read_committed(self, writes: ProjectionWrites, unit_id: str) -> UnitState | None:
        """The unit from the committed tables, if its rows are all written by a transaction before this one
        and the symbols are all held (else an abolition gathered but not yet written would be missed);
        else None. Through the writer, a read waits for every transaction gathered before it, and the
        projector and the writer take turns: most of an S100 rebuild, where units outgrow the budget."""
        written_by = self.let_go.get(unit_id)
        if not self.symbols.complete or written_by is None or written_by >= self.transaction:
            return None
        return self._read(writes.committed_reader(written_by), unit_id)

    def _read(self, reader: Reader, unit_id: str) -> UnitState:
        cursor = reader.reading_cursor()
        stored = (
            _current(cursor, "rm_unit_version", unit_id),
            _current(cursor, "rm_unit_change", unit_id),
        )
        facts = read_facts(reader, unit_id, self.symbols)
        self.counts.read += 1
        state = self.units[unit_id] = UnitState(unit_id, stored, facts)
        self.let_go.pop(unit_id, None)
        self._hold(unit_id, facts.symbols)
        return state

    def _state(self, unit_id: str) -> UnitState | None:
        """The unit if held (or known to have no rows yet), as the most recently used."""
        state = self.units.get(unit_id)
        if state is not None:
            self.units.move_to_end(unit_id)
        elif self.complete and unit_id not in self.let_go:
            state = self.units[unit_id] = UnitState(unit_id, ([], []), UnitFacts(), [], [])
        return state

    def _hold(self, unit_id: str, symbols: Iterable[str]) -> None:
        for symbol in symbols:
            self.holders.setdefault(symbol, set()).add(unit_id)

    def _let_go(self, unit_id: str, written_by: int) -> None:
        """Read the unit from the tables when next touched; its rows are all written by the end of the
        transaction ``written_by``."""
        self.let_go[unit_id] = written_by
        self.asked_in.pop(unit_id, None)
        state = self.units.pop(unit_id, None)
        if state is not None:
            for symbol in state.facts.symbols:
                self.holders[symbol].discard(unit_id)

    def record(self, writes: ProjectionWrites, issuance: Row, rows: list[ProvisionRow]) -> None:
        """A new issuance: its rm_issuance parameters and its provision rows."""
        symbol, kind, effective_on, position = issuance[0], issuance[1], issuance[5], issuance[11]
        if effective_on is not None and kind != "report":
            self._abolish(symbol, effective_on, [r for r in rows if r.kind == ProvisionKind.ABOLISHES])
        named = {r.unit_id for r in rows if r.unit_id is not None}
        self.symbols.recorded(symbol, named)
        stated: dict[str, list[StatedRow]] = {}
        for row in rows:
            if row.unit_id is not None and row.kind in STATEMENT_KINDS:
                stated_row = StatedRow(  # JSON-native, as the table returns it
                    *(symbol, row.seq, row.kind, row.section, row.unit_id, row.data),
                    *(effective_on, kind, position),
                )
                stated.setdefault(row.unit_id, []).append(stated_row)
        abolitions: list[Abolition] | None = None
        for unit_id, unit_rows in sorted(stated.items()):
            # A unit let go is read before its rows here are added, from the committed tables if it can be.
            state = self._state(unit_id) or self._read_committed(writes, unit_id)
            if state is None:
                continue  # read through the writer when touched
            if abolitions is None:
                abolitions = self.symbols.abolitions_of(writes, symbol)
            unit_rows.sort(key=attrgetter("seq"))
            for stated_row in unit_rows:
                state.facts.add_row(stated_row, abolitions)
            self._hold(unit_id, [symbol])
        for unit_id in named & self.let_go.keys():  # its rows here are not committed yet
            self.let_go[unit_id] = self.transaction

    def _abolish(self, symbol: str, effective_on: str, rows: list[ProvisionRow]) -> None:
        targets = []
        for row in rows:
            assert row.target is not None
            source = Source(symbol, row.seq)
            abolition = Abolition(source, list(row.data["sections"]), date.fromisoformat(effective_on))
            if self.symbols.abolished(row.target, abolition):
                targets.append(row.target)
        for target in dict.fromkeys(targets):
            for unit_id in sorted(self.holders.get(target, ())):
                self.units[unit_id].facts.end_again(target, self.symbols.abolitions[target])

    def correct(self, symbol: str, params: list[Row]) -> None:
        """Corrections of an issuance: the units they can change read their facts again."""
        stale = set(self.holders.get(symbol, ()))
        for values in params:
            seq, unit_id, data = values[1], values[6], values[8]
            self.symbols.corrected(symbol, Correction(seq, unit_id, orjson.loads(data)))
            if unit_id is not None:
                stale.add(unit_id)
        for unit_id in stale:
            self._let_go(unit_id, self.transaction)  # its correction is written in this one

    def let_go_beyond(self, budget: int, forget_above: int) -> None:
        """Let the units touched since the last call forget their past if they hold more than
        ``forget_above`` rows or have ended, then the least recently used units go while the held provision
        rows exceed ``budget``."""
        for unit_id in self.touched:
            state = self.units.get(unit_id)
            if (
                state is not None
                and (state.facts.row_count > forget_above or state.ended())
                and state.forget_the_past()
            ):
                self.counts.forgot += 1
        self.touched.clear()
        held = sum(s.facts.row_count for s in self.units.values())
        while held > budget and self.units:
            unit_id = next(iter(self.units))
            held -= self.units[unit_id].facts.row_count
            self._let_go(unit_id, self.asked_in.get(unit_id, self.transaction))


def _current(cursor: Cursor, table: str, unit_id: str) -> list[Row]:
    """The unit's current rows, as the projector builds them: their JSON, last, in UTF-8."""
    cursor.execute(_CURRENT[table], (unit_id,))
    return [(*row[:-1], _utf8(row[-1])) for row in cursor.fetchall()]


def _utf8(text: str | None) -> bytes | None:
    return text.encode() if text is not None else None
