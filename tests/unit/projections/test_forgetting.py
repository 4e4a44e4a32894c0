"""A unit forgets the statements that ended before its last version, but not where they end: an abolition
that would end them elsewhere asks for the unit to be read whole again."""

from __future__ import annotations

from datetime import date

from service.projections.overrides import StatedRow
from service.projections.provisions import ProvisionKind
from service.projections.statements import Abolition, UnitFacts
from service.projections.validity import Source

OLD, NEWER, NEWEST = "ST/SGB/2001/1", "ST/SGB/2005/1", "ST/SGB/2009/1"


def _unit_row(symbol: str, section: str, effective_on: str, position: int) -> StatedRow:
    data = {"name": "规划司", "kind": "DIVISION", "parent_id": "DEPT"}
    return StatedRow(
        symbol,
        1,
        ProvisionKind.UNIT_DEFINED,
        section,
        None,
        "规划司",
        "DEPT/规划司",
        data,
        effective_on,
        "bulletin",
        position,
    )


def _abolition(by: str, on: str, sections: list[str]) -> Abolition:
    return Abolition(Source(by, 9, "9", None, f"{by} abolishes"), sections, date.fromisoformat(on))


def _facts() -> tuple[UnitFacts, list[Abolition]]:
    """Defined by OLD (section 5) from 2001, abolished by NEWER's entry into force in 2005."""
    facts = UnitFacts()
    against_old = [_abolition(NEWER, "2005-01-01", [])]
    facts.add_row(_unit_row(OLD, "5", "2001-01-01", 1), against_old)
    facts.add_row(_unit_row(NEWER, "2", "2005-01-01", 2), [])
    facts.mark_read()
    return facts, against_old


def test_statements_ended_before_a_day_are_forgotten_with_where_they_end() -> None:
    facts, _ = _facts()
    facts.forget_ended_by(date(2005, 1, 1))
    assert [u.interval.source.symbol for u in facts.units.items] == [NEWER]
    assert facts.row_count == 1 and facts.forgotten_before == date(2005, 1, 1)
    assert facts.unit_on(date(2006, 1, 1)) is not None and not facts.history_needed


def test_an_abolition_that_leaves_the_forgotten_ends_alone_needs_no_history() -> None:
    facts, against_old = _facts()
    facts.forget_ended_by(date(2005, 1, 1))
    facts.end_again(
        OLD, [*against_old, _abolition(NEWEST, "2009-01-01", [])]
    )  # later: the first still ends it
    assert not facts.history_needed


def test_an_abolition_that_ends_a_forgotten_statement_earlier_needs_the_history() -> None:
    facts, against_old = _facts()
    facts.forget_ended_by(date(2005, 1, 1))
    facts.end_again(
        OLD, [*against_old, _abolition(NEWEST, "2003-06-30", ["5"])]
    )  # recorded late, dated earlier
    assert facts.history_needed
