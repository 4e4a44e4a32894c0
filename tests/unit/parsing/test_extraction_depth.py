"""Extraction in depth: the details the quality table does not show, and the rules on small texts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from test_extraction_quality import FIXTURES, load

from service.parsing import ParsedDocument
from service.parsing.model import Hints, LineKind


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_details_match_annotation(path: Path) -> None:
    expected, parsed = load(path)
    functions = {(f.unit_key, f.location.paragraph): f.items for f in parsed.functions}
    for want in expected.get("functions", []):
        if "items" in want:
            assert functions[(want["unit"], want["paragraph"])] == tuple(want["items"])
    lines = {(x.location.paragraph, x.from_post, x.kind.value, x.to_posts): x for x in parsed.lines}
    for want in expected.get("lines", []):
        line = lines[(want["paragraph"], want["from"], want["kind"], tuple(want["to"]))]
        assert line.from_unit_key == want["from_unit"]
        assert want.get("scope_contains", "") in (line.scope or "")
    shared = {s.location.paragraph: s.unit_keys for s in parsed.shared_resources}
    for want in expected.get("shared_resources", []):
        assert shared[want["paragraph"]] == tuple(want["keys"])
    cited = {(c.target_symbol, c.location.paragraph, c.sections) for c in parsed.citations}
    for want in expected.get("citations_with_sections", []):
        assert (want["target"], want["paragraph"], tuple(want["sections"])) in cited
    messages = " ".join(w.message for w in parsed.warnings)
    assert not [text for text in expected.get("warnings_absent", []) if text in messages]


def test_renamed_unit_keeps_the_key_of_its_old_name(parse_text: Callable[..., ParsedDocument]) -> None:
    parsed = parse_text(
        "ST/SGB/2020/1\n\n2020 年 1 月 2 日\n\n秘书长公报\n\n海洋事务厅的组织\n\n第 1 节\n\n职能和组织\n\n"
        "1.1 海洋事务厅下设法律处和航运科。\n\n1.2 原航运科更名为航运和港口科。\n\n"
        "1.3 航运和港口科由科长领导，科长对厅长负责。\n\n1.4 本公报自发布之日起生效。\n"
    )
    unit = next(u for u in parsed.units if u.name == "航运和港口科")
    assert unit.key == "海洋事务厅/航运科"
    assert [(r.old_name, r.new_name, r.unit_key) for r in parsed.renames] == [
        ("航运科", "航运和港口科", "海洋事务厅/航运科")
    ]


def test_functions_forms(parse_text: Callable[..., ParsedDocument]) -> None:
    parsed = parse_text(
        "ST/SGB/2020/2\n\n2020 年 1 月 2 日\n\n秘书长公报\n\n海洋事务厅的组织\n\n第 1 节\n\n法律处\n\n"
        "1.1 法律处由处长领导，处长对厅长负责。法律处的核心职能是提供法律咨询。\n\n"
        "1.2 执行办公室由执行干事领导，执行干事对厅长负责。\n\n"
        "1.3 执行办公室的核心职能载于 ST/SGB/1997/5 号秘书长公报第 7 节。\n\n1.4 本公报自发布之日起生效。\n"
    )
    assert [(f.unit_key, f.items) for f in parsed.functions] == [("海洋事务厅/法律处", ("提供法律咨询",))]
    assert any(c.target_symbol == "ST/SGB/1997/5" and c.sections == ("7",) for c in parsed.citations)


def test_accountable_to_two_heads_is_a_line(parse_text: Callable[..., ParsedDocument]) -> None:
    parsed = parse_text(
        "ST/SGB/2020/3\n\n2020 年 1 月 2 日\n\n秘书长公报\n\n海洋事务厅的组织\n\n第 1 节\n\n规划司\n\n"
        "1.1 规划司司长分别对主管海洋事务和法律事务的副秘书长负责。\n\n1.2 本公报自发布之日起生效。\n"
    )
    assert [(x.from_post, x.kind, x.to_posts) for x in parsed.lines] == [
        ("规划司司长", LineKind.ACCOUNTABLE_TO, ("主管海洋事务副秘书长", "主管法律事务副秘书长"))
    ]


def test_near_miss_department_is_flagged(parse_text: Callable[..., ParsedDocument]) -> None:
    parsed = parse_text(
        "ST/SGB/2020/4\n\n2020 年 1 月 2 日\n\n秘书长公报\n\n海洋事务厅的组织\n\n第 1 节\n\n一般规定\n\n"
        "1.1 本公报应与题为“法律事务部的组织”的 ST/SGB/2008/1 号秘书长公报一并适用。\n\n"
        "1.2 海洋事务厅与法律事务部和法律事物部协调。\n\n1.3 本公报自发布之日起生效。\n"
    )
    assert any("'法律事物部'" in w.message and "possibly '法律事务部'" in w.message for w in parsed.warnings)


def test_wrapped_budget_rows_and_month_precision(parse_text: Callable[..., ParsedDocument]) -> None:
    parsed = parse_text(
        "表 9.2 员额资源\n\n2020-2021 两年期拟议数 12 1 个 D-1、3 个 P-4、\n\n8 个 GS(OL)\n\n"
        "调动 从甲司乙科向次级方案 2 调动 3 个员额：1 个\n\nP-4、2 个 GS(OL)\n\n"
        "9.1 海洋事务厅由大会第 70/1 号决议于 2016 年 3 月设立。\n",
        hints=Hints(symbol="A/74/6 (Sect. 9)", kind="budget"),
    )
    [table] = parsed.staffing
    assert (table.period, table.total, table.proposed, len(table.grades)) == ("2020-2021", 12, True, 3)
    [moved] = parsed.post_movements
    assert (moved.from_unit, moved.to_unit, moved.count) == ("甲司乙科", "次级方案 2", 3)
    assert [(g.grade, g.count) for g in moved.grades] == [("P-4", 1), ("GS(OL)", 2)]
    [established] = parsed.past_establishments
    assert (established.unit_key, established.established_on, established.authority) == (
        "海洋事务厅",
        "2016-03",
        "A/RES/70/1",
    )
