"""A unit forgets the statements that ended before its last version (or by its end, once it is no longer in
force), but not where they end: an abolition that would end them elsewhere asks for the unit to be read
whole again."""

from __future__ import annotations

from datetime import date

from service.projections.overrides import StatedRow
from service.projections.provisions import ProvisionKind
from service.projections.statements import Abolition, UnitFacts
from service.projections.store import Row
from service.projections.unit_state import RowDiff, UnitState
from service.projections.validity import Source

OLD, NEWER, NEWEST = "ST/SGB/2001/1", "ST/SGB/2005/1", "ST/SGB/2009/1"


def _unit_row(symbol: str, section: str, effective_on: str, position: int) -> StatedRow:
    data = {"name": "规划司", "kind": "DIVISION", "parent_id": "DEPT"}
    return StatedRow(
        symbol,
        1,
        ProvisionKind.UNIT_DEFINED,
        section,
        "DEPT/规划司",
        data,
        effective_on,
        "bulletin",
        position,
    )


def _abolition(by: str, on: str, sections: list[str]) -> Abolition:
    return Abolition(Source(by, 9), sections, date.fromisoformat(on))


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


def _reorganised(symbol: str, on: str, parent: str, position: int) -> StatedRow:
    data = {"name": "规划司", "kind": "DIVISION", "parent_id": parent}
    return StatedRow(
        *(symbol, 1, ProvisionKind.UNIT_DEFINED, "1", "DEPT/规划司"),
        *(data, on, "bulletin", position),
    )


def _apply(table: dict[object, Row], diff: RowDiff) -> None:
    for row in diff.closed:
        del table[row[1]]
    for row in diff.inserting:
        table[row[1]] = row


def test_a_unit_that_let_go_of_its_past_versions_writes_what_one_holding_them_all_writes() -> None:
    """Each year a bulletin moves the unit and abolishes the one before: a version and a change a year."""
    forgetting, holding = (UnitState("DEPT/规划司", ([], []), UnitFacts(), [], []) for _ in range(2))
    tables: list[tuple[dict[object, Row], dict[object, Row]]] = [({}, {}), ({}, {})]
    for year in range(2001, 2013):
        symbol, on = f"ST/SGB/{year}/1", f"{year}-01-01"
        for state, (versions, changes) in zip((forgetting, holding), tables, strict=True):
            if year > 2001:
                state.facts.end_again(f"ST/SGB/{year - 1}/1", [_abolition(symbol, on, [])])
            state.facts.add_row(_reorganised(symbol, on, f"DEPT/{year % 3}", year), [])
            assert not state.needs_forgotten_facts()
            version_diff, change_diff = state.refresh()
            _apply(versions, version_diff)
            _apply(changes, change_diff)
        forgetting.forget_the_past()
        assert tables[0] == tables[1], year
    assert len(holding.versions or ()) == 12
    assert len(forgetting.versions or ()) == 3
    assert forgetting.changes_let_go == len(holding.changes or ()) - len(forgetting.changes or ()) > 0


def test_a_change_dated_before_the_versions_let_go_needs_the_unit_read_whole() -> None:
    state = UnitState("DEPT/规划司", ([], []), UnitFacts(), [], [])
    for year in range(2001, 2006):
        if year > 2001:
            state.facts.end_again(
                f"ST/SGB/{year - 1}/1", [_abolition(f"ST/SGB/{year}/1", f"{year}-01-01", [])]
            )
        state.facts.add_row(_reorganised(f"ST/SGB/{year}/1", f"{year}-01-01", f"DEPT/{year % 3}", year), [])
        state.refresh()
        state.forget_the_past()
    state.facts.add_row(_reorganised("ST/SGB/2002/9", "2002-06-01", "DEPT/9", 99), [])
    assert state.needs_forgotten_facts()


def _abolished_in_2003() -> tuple[UnitState, tuple[dict[object, Row], dict[object, Row]]]:
    """Defined in 2001, abolished in 2003 by a bulletin that does not define it again."""
    state = UnitState("DEPT/规划司", ([], []), UnitFacts(), [], [])
    tables: tuple[dict[object, Row], dict[object, Row]] = ({}, {})
    state.facts.add_row(_reorganised("ST/SGB/2001/1", "2001-01-01", "DEPT/1", 1), [])
    _refresh(state, tables)
    state.facts.end_again("ST/SGB/2001/1", [_abolition("ST/SGB/2003/1", "2003-01-01", [])])
    _refresh(state, tables)
    return state, tables


def _refresh(state: UnitState, tables: tuple[dict[object, Row], dict[object, Row]]) -> None:
    version_diff, change_diff = state.refresh()
    _apply(tables[0], version_diff)
    _apply(tables[1], change_diff)


def test_a_unit_no_longer_in_force_forgets_up_to_its_end_and_is_re_established_without_its_past() -> None:
    forgetting, forgetting_tables = _abolished_in_2003()
    holding, holding_tables = _abolished_in_2003()
    assert forgetting.ended()
    forgetting.forget_the_past()
    assert forgetting.facts.row_count == 0 and forgetting.facts.forgotten_before == date(2003, 1, 1)
    for state, tables in ((forgetting, forgetting_tables), (holding, holding_tables)):
        state.facts.add_row(_reorganised("ST/SGB/2006/1", "2006-01-01", "DEPT/2", 6), [])
        assert not state.needs_forgotten_facts()
        _refresh(state, tables)
    assert not forgetting.facts.history_needed
    assert forgetting_tables == holding_tables
    assert [row[1:3] for row in sorted(holding_tables[0].values())] == [
        ("2001-01-01", "2003-01-01"),
        ("2006-01-01", None),
    ]


def test_a_unit_re_established_on_the_day_it_ended_needs_its_past() -> None:
    state, _ = _abolished_in_2003()
    state.forget_the_past()
    state.facts.add_row(_reorganised("ST/SGB/2003/2", "2003-01-01", "DEPT/1", 7), [])
    assert state.needs_forgotten_facts()  # the version before may run on: it is computed again
