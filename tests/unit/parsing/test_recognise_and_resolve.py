"""Head statements, composition statements, the key rule and name resolution: (text, expected) rows."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from service.parsing import Hints, ParsedDocument
from service.parsing.model import Kind, Location, Span
from service.parsing.recognise import HeadStatement, ReportingLine, recognise
from service.parsing.resolve import Scope, Unit, is_generic, resolve_name, unit_key
from service.parsing.segment import segment

HINTS = Hints(symbol="ST/SGB/2099/1", kind="bulletin", effective_on=None, issued_on="2099-01-01")
HEADER = "秘书长公报\n\n测试事务部的组织\n\n"
FINAL = "\n\n第 9 节\n\n最后条款\n\n9.1 本公报自发布日期起生效。\n"


def _heads(paragraph: str) -> list[tuple[str, str, tuple[str, ...]]]:
    statements = recognise(segment(f"第 3 节\n\n标题\n\n3.1 {paragraph}\n"))
    return [(s.subject, s.post, s.reports_to) for s in statements if isinstance(s, HeadStatement)]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("外勤人事司由司长领导。", [("外勤人事司", "司长", ())]),
        ("前沿办公室由一名特别助理领导。", [("前沿办公室", "特别助理", ())]),
        ("区域业务司由司长担任领导，司长向副秘书长负责。", [("区域业务司", "司长", ())]),
        (
            "媒体关系事务高级干事领导公共事务科的工作，对办公室主任负责。",
            [("公共事务科", "媒体关系事务高级干事", ())],
        ),
        (
            "综合培训处处长对政策、评价和培训司司长负责。",
            [("综合培训处", "处长", ("政策、评价和培训司司长",))],
        ),
        ("大规模毁灭性武器处的处长向高级代表负责。", [("大规模毁灭性武器处", "处长", ("高级代表",))]),
        ("每个处都由一名处长领导。", [("处", "处长", ())]),
        ("主管外勤支助事务副秘书长，以下称为“副秘书长”，向秘书长负责。", []),
    ],
)
def test_head_statements(paragraph: str, expected: list[tuple[str, str, tuple[str, ...]]]) -> None:
    assert _heads(paragraph) == expected


@pytest.mark.parametrize(
    ("paragraph", "posts", "reports_to"),
    [
        (
            "主管外勤支助事务副秘书长，以下称为“副秘书长”，向秘书长负责。",
            ("主管外勤支助事务副秘书长",),
            ("秘书长",),
        ),
        ("股长和科长向处长负责。", ("股长", "科长"), ("处长",)),
        ("他们向主任/执行秘书或其指定代表负责。", None, ("主任/执行秘书或其指定代表",)),
        (
            "办公室主任对主管维持和平行动副秘书长和主管外勤支助事务副秘书长负责。",
            ("办公室主任",),
            ("主管维持和平行动副秘书长", "主管外勤支助事务副秘书长"),
        ),
    ],
)
def test_reporting_lines(paragraph: str, posts: tuple[str, ...] | None, reports_to: tuple[str, ...]) -> None:
    statements = recognise(segment(f"第 3 节\n\n标题\n\n3.1 {paragraph}\n"))
    lines = [(s.posts, s.reports_to) for s in statements if isinstance(s, ReportingLine)]
    assert lines == [(posts, reports_to)]


@pytest.mark.parametrize(
    ("name", "generic"),
    [
        ("司长办公室", True),
        ("副司长/处长办公室", True),
        ("办公室主任办公室", True),
        ("军事顾问办公室", True),
        ("主管外勤行政支助助理秘书长办公室", True),
        ("执行办公室", True),
        ("前沿办公室", True),
        ("副秘书长前沿办公室", True),
        ("前台", True),
        ("航空风险管理办公室", False),
        ("信息和通信技术办公室", False),
        ("行为和纪律股", False),
    ],
)
def test_generic_names(name: str, generic: bool) -> None:
    assert is_generic(name) is generic


def _unit(name: str, parent: Unit | None, section: str | None = None) -> Unit:
    return Unit(name, Kind.OTHER, parent, Location(section, None, name, Span(0, 0)), section, "test")


def test_key_rule() -> None:
    department = _unit("外勤支助部", None)
    division = _unit("外勤人事司", department, "6")
    office = _unit("司长办公室", division, "6")
    front = _unit("前沿办公室", _unit("副秘书长办公室", department, "4"), "4")
    assert [unit_key(u, "外勤支助部") for u in (department, division, office, front)] == [
        "外勤支助部",
        "外勤支助部/外勤人事司",
        "外勤支助部/外勤人事司/司长办公室",
        "外勤支助部/副秘书长办公室/前沿办公室",
    ]


def _scope_units() -> tuple[Scope, list[Unit]]:
    department = _unit("外勤支助部", None)
    office = _unit("副秘书长办公室", department, "4")
    front = _unit("前沿办公室", office, "4")
    planning = _unit("军事规划处", office, "4")
    conduct = _unit("行为和纪律股", office, "4")
    return Scope(department, "4", office, None), [office, front, planning, conduct]


@pytest.mark.parametrize(
    ("name", "expected", "resolved"),
    [
        ("前沿办公室", "前沿办公室", False),
        ("副秘书长前沿办公室", "前沿办公室", True),
        ("主管外勤支助事务的副秘书长办公室", "副秘书长办公室", True),
        ("规划处", "军事规划处", True),
        ("外勤支助部行为和纪律股", "行为和纪律股", True),
        ("该办公室", "副秘书长办公室", True),
        ("该部", "外勤支助部", True),
        ("综合规划处", None, False),
        ("处", None, False),
    ],
)
def test_resolution_rules(name: str, expected: str | None, resolved: bool) -> None:
    scope, units = _scope_units()
    found = resolve_name(name, units, scope)
    assert (found.unit.name if found else None) == expected
    assert (found is not None and found.reason is not None) is resolved


def test_other_departments_are_mentioned_not_defined(parse_text: Callable[..., ParsedDocument]) -> None:
    text = (
        HEADER
        + "第 2 节\n\n职能和组织\n\n2.1 测试事务部由甲科、乙股和外勤支助部组成。\n\n"
        + "2.2 外勤支助部行为和纪律股由股长领导。"
        + FINAL
    )
    parsed = parse_text(text, hints=HINTS)
    assert [u.key for u in parsed.units] == ["测试事务部", "测试事务部/甲科", "测试事务部/乙股"]


def test_unnamed_count_is_no_unit_and_named_count_is_one_with_a_warning(
    parse_text: Callable[..., ParsedDocument],
) -> None:
    text = HEADER + "第 2 节\n\n规划司\n\n2.1 规划司由两个科和 3 个区域规划组组成。" + FINAL
    parsed = parse_text(text, hints=HINTS)
    assert [u.name for u in parsed.units] == ["测试事务部", "规划司", "区域规划组"]
    assert any("区域规划组" in w.message for w in parsed.warnings)


def test_sub_heading_unit_is_child_of_the_section_unit(parse_text: Callable[..., ParsedDocument]) -> None:
    text = (
        HEADER
        + "第 2 节 规划司\n\n2.1 规划司由司长领导，司长向副秘书长负责。\n\n"
        + "情报股\n\n2.2 情报股股长对司长负责。"
        + FINAL
    )
    parsed = parse_text(text, hints=HINTS)
    units = {u.name: u.parent_key for u in parsed.units}
    assert units["情报股"] == "测试事务部/规划司"
    heads = {(h.unit_key, h.post): h.reports_to for h in parsed.heads}
    assert heads[("测试事务部/情报股", "股长")] == ("司长",)


def test_head_naming_another_sectioned_unit_is_read_in_context(
    parse_text: Callable[..., ParsedDocument],
) -> None:
    text = (
        HEADER
        + "第 2 节 甲厅\n\n2.1 甲厅由一名主任领导，主任对副秘书长负责。\n\n"
        + "第 3 节 乙厅\n\n3.1 甲厅由一名顾问领导。顾问对副秘书长负责。\n\n3.2 乙厅由顾问办公室和丙处组成。"
        + FINAL
    )
    parsed = parse_text(text, hints=HINTS)
    heads = {h.unit_key: h.post for h in parsed.heads}
    assert heads == {"测试事务部/甲厅": "主任", "测试事务部/乙厅": "顾问"}
    assert [(r.name, r.unit_key) for r in parsed.resolutions] == [("甲厅", "测试事务部/乙厅")]
    assert any("甲厅" in w.message and "3.1" in w.message for w in parsed.warnings)
