"""Valid time, as tables: statements in, versions and changes out."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

import orjson
import pytest

from service.projections.changes import ChangeKind, unit_changes
from service.projections.validity import HeadStatement, Interval, Source, UnitStatement, unit_versions

D = date.fromisoformat


def source(symbol: str, seq: int = 1) -> Source:
    return Source(symbol, seq)


def defined(
    symbol: str,
    start: str,
    end: str | None = None,
    *,
    name: str = "后勤支助司",
    parent: str | None = "外勤支助部",
    order: int = 1,
    ended_by: str | None = None,
) -> UnitStatement:
    interval = Interval(
        D(start), D(end) if end else None, (order, 1), source(symbol), source(ended_by) if ended_by else None
    )
    return UnitStatement(interval, name, "DIVISION", parent)


def head(symbol: str, start: str, post: str, end: str | None = None, order: int = 1) -> HeadStatement:
    return HeadStatement(
        Interval(D(start), D(end) if end else None, (order, 2), source(symbol, 2)), post, ("副秘书长",)
    )


def test_one_definition_gives_one_open_version() -> None:
    [version] = unit_versions("u", [defined("A", "2010-03-04")], [])
    assert (version.valid_from, version.valid_to, version.name) == (D("2010-03-04"), None, "后勤支助司")


def test_abolition_ends_the_version_and_says_by_whom() -> None:
    [version] = unit_versions("u", [defined("A", "2010-03-04", "2012-07-01", ended_by="B")], [])
    assert version.valid_to == D("2012-07-01")
    assert version.ended_by == source("B")
    assert [(c.change, c.effective_on) for c in unit_changes([version])] == [
        (ChangeKind.ESTABLISHED, D("2010-03-04")),
        (ChangeKind.ABOLISHED, D("2012-07-01")),
    ]


@pytest.mark.parametrize(
    ("later", "expected"),
    [
        (defined("B", "2015-01-01", name="后勤司"), (ChangeKind.RENAMED, "后勤支助司", "后勤司")),
        (defined("B", "2015-01-01", parent="管理事务部"), (ChangeKind.MOVED, "外勤支助部", "管理事务部")),
    ],
)
def test_a_later_definition_replaces_the_earlier_from_its_own_date(
    later: UnitStatement, expected: tuple[ChangeKind, str, str]
) -> None:
    versions = unit_versions("u", [defined("A", "2010-03-04"), later], [])
    assert [(v.valid_from, v.valid_to) for v in versions] == [
        (D("2010-03-04"), D("2015-01-01")),
        (D("2015-01-01"), None),
    ]
    changes = unit_changes(versions)
    assert [(c.change, c.before, c.after) for c in changes[1:]] == [expected]
    assert changes[1].source == source("B")


def test_recorded_order_does_not_matter_only_effective_dates_do() -> None:
    early_recorded_late = [
        defined("B", "2015-01-01", name="后勤司", order=1),
        defined("A", "2010-03-04", order=2),
    ]
    assert [v.name for v in unit_versions("u", early_recorded_late, [])] == ["后勤支助司", "后勤司"]


def test_heads_change_within_one_definition() -> None:
    versions = unit_versions(
        "u",
        [defined("A", "2010-03-04")],
        [head("A", "2010-03-04", "司长"), head("C", "2013-01-01", "主任", order=3)],
    )
    assert [v.head_post for v in versions] == ["司长", "主任"]
    assert [(c.change, c.before, c.after) for c in unit_changes(versions)][1:] == [
        (ChangeKind.HEAD_CHANGED, "司长", "主任")
    ]


def test_a_head_without_a_unit_in_force_makes_no_version() -> None:
    assert unit_versions("u", [defined("A", "2010-03-04")], [head("X", "2001-01-01", "司长")])[
        0
    ].valid_from == D("2010-03-04")


def test_a_gap_is_an_abolition_then_a_reestablishment() -> None:
    versions = unit_versions("u", [defined("A", "2010-01-01", "2011-01-01"), defined("B", "2012-01-01")], [])
    assert [(c.change, c.effective_on) for c in unit_changes(versions)] == [
        (ChangeKind.ESTABLISHED, D("2010-01-01")),
        (ChangeKind.ABOLISHED, D("2011-01-01")),
        (ChangeKind.ESTABLISHED, D("2012-01-01")),
    ]


def test_a_restatement_by_another_issuance_keeps_facts_but_changes_provenance() -> None:
    versions = unit_versions("u", [defined("A", "2010-01-01"), defined("B", "2012-01-01")], [])
    assert [v.sources[0].symbol for v in versions] == ["A", "B"]
    assert [c.change for c in unit_changes(versions)] == [ChangeKind.ESTABLISHED]


def test_a_sources_json_holds_every_field_in_order() -> None:
    # as_json names the fields itself (quicker than orjson over the dataclass): a field added to Source must
    # be added there too, and the stored JSON keeps the dataclass's order.
    full = Source("ST/SGB/2024/1", 3, "head", "2024-05", "A/RES/1", ("甲",), ("c1",))

    stored = orjson.loads(full.as_json())

    assert list(stored) == [f.name for f in fields(Source) if not f.name.startswith("_")]
    assert stored == {
        "symbol": "ST/SGB/2024/1",
        "seq": 3,
        "role": "head",
        "stated_on": "2024-05",
        "authority": "A/RES/1",
        "items": ["甲"],
        "corrections": ["c1"],
    }
