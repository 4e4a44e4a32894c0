"""Functions, past establishments at month precision, renames and corrections, as tables."""

from __future__ import annotations

from datetime import date

from service.projections.changes import ChangeKind, unit_changes
from service.projections.overrides import Correction, StatedRow, corrected
from service.projections.validity import (
    Facts,
    FunctionsStatement,
    Interval,
    NameStatement,
    Source,
    UnitStatement,
    unit_versions,
)

D = date.fromisoformat


def interval(symbol: str, start: str, order: int, **source: str) -> Interval:
    return Interval(D(start), None, (order, 1), Source(symbol, 1, **source))  # type: ignore[arg-type]


def test_a_month_precise_establishment_starts_the_unit_at_month_precision() -> None:
    established = UnitStatement(
        interval("A/72/6", "2008-12-01", 1, stated_on="2008-12", authority="A/RES/63/262"),
        "信通厅",
        "OFFICE",
        None,
    )
    redefined = UnitStatement(interval("ST/SGB/2016/11", "2016-05-01", 2), "信通厅", "OFFICE", "管理部")
    first, second = unit_versions("oict", Facts([established, redefined]))
    assert (first.valid_from, first.valid_from_precision) == (D("2008-12-01"), "MONTH")
    assert first.sources[0].authority == "A/RES/63/262"
    assert (second.valid_from, second.valid_from_precision) == (D("2016-05-01"), "DAY")


def test_the_latest_functions_in_force_win_and_make_a_change() -> None:
    unit = UnitStatement(interval("B/1", "2010-01-01", 1), "运输处", "SERVICE", "后勤司")
    old = FunctionsStatement(interval("B/1", "2010-01-01", 1, role="functions"), ("运送",))
    new = FunctionsStatement(interval("B/2", "2011-01-01", 2, role="functions"), ("运送", "轮调"))
    versions = unit_versions("t", Facts([unit], functions=[old, new]))
    assert [v.functions for v in versions] == [("运送",), ("运送", "轮调")]
    [change] = [c for c in unit_changes(versions) if c.change is ChangeKind.FUNCTIONS_CHANGED]
    assert (
        change.effective_on == D("2011-01-01") and change.source is not None and change.source.symbol == "B/2"
    )


def test_a_rename_keeps_kind_and_parent() -> None:
    unit = UnitStatement(interval("B/1", "2010-01-01", 1), "旧名", "SECTION", "p")
    renamed = NameStatement(interval("B/2", "2012-01-01", 2, role="name"), "新名")
    before, after = unit_versions("u", Facts([unit], names=[renamed]))
    assert (before.name, after.name, after.kind, after.parent_id) == ("旧名", "新名", "SECTION", "p")
    [change] = [c for c in unit_changes([before, after]) if c.change is ChangeKind.RENAMED]
    assert (change.before, change.after) == ("旧名", "新名")


def row(seq: int, unit_id: str, **data: object) -> StatedRow:
    return StatedRow("S/1", seq, "UNIT_DEFINED", "2", unit_id, dict(data), "2013-08-05", "bulletin", 1)


def correction(field: str, was: str, now: str, unit_id: str | None, targets: list[int]) -> Correction:
    data = {"correction_id": f"c-{field}", "field": field, "was": was, "now": now, "target_seqs": targets}
    return Correction(99, unit_id, {**data, "now_id": unit_id})


def test_corrections_override_the_rows_they_aim_at_and_no_other() -> None:
    listed = row(11, "dss/处", name="外勤支助处", kind="SERVICE", parent_id="dss")
    other = row(12, "dss/司", name="区域业务司", kind="DIVISION", parent_id="dss")
    merge = correction("unit", "外勤支助处", "外勤支助事务司", "dss/事务司", [11])
    assert corrected(listed, [merge]).unit_id == "dss/事务司"
    assert corrected(listed, [merge]).corrections == ("c-unit",)
    assert corrected(other, [merge]) == other
    renamed = corrected(listed, [correction("name", "外勤支助处", "外勤支助事务处", None, [11])])
    assert (renamed.data["name"], renamed.unit_id) == ("外勤支助事务处", "dss/处")
    text = row(13, "x", items=["向后勤支助部提供咨询"])
    fixed = corrected(text, [correction("text", "后勤支助部", "外勤支助部", None, [13])])
    assert fixed.data["items"] == ["向外勤支助部提供咨询"]
