"""Date lines, effective clauses, header reading and metadata precedence: (text, expected) rows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from service.parsing import DocumentError, ParsedDocument
from service.parsing.metadata import find_entry_into_force
from service.parsing.model import Hints
from service.parsing.segment import segment
from service.parsing.symbols import chinese_dates, find_symbols, parse_date_line

BULLETIN = "{header}\n\n秘书长公报\n\n测试事务部的组织\n\n第 1 节\n\n一般规定\n\n1.1 {clause}\n"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("4 March 2010", date(2010, 3, 4)),
        ("5 August 2013", date(2013, 8, 5)),
        ("2012 年 6 月 1 日", date(2012, 6, 1)),
        ("2012年6月1日", date(2012, 6, 1)),
        ("31 February 2010", None),
        ("March 2010", None),
        ("秘书长公报", None),
    ],
)
def test_date_line(line: str, expected: date | None) -> None:
    assert parse_date_line(line) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2000 年 5 月 15 日题为", ["2000-05-15"]),
        ("于 2008 年 12 月设立", ["2008-12"]),
        ("没有日期", []),
    ],
)
def test_chinese_dates_keep_precision(text: str, expected: list[str]) -> None:
    assert list(chinese_dates(text)) == expected


@pytest.mark.parametrize(
    ("clause", "effective_on", "on_issue"),
    [
        ("本公报自发布日期起生效。", None, True),
        ("本公报自印发之日起生效。", None, True),
        ("本公报应于 2010 年 1 月 1 日开始生效。", date(2010, 1, 1), False),
        ("本公报自 2012 年 7 月 1 日起生效。", date(2012, 7, 1), False),
        ("本公报于2011年2月3日生效。", date(2011, 2, 3), False),
    ],
)
def test_effective_clause(clause: str, effective_on: date | None, on_issue: bool) -> None:
    found = find_entry_into_force(segment(f"第 9 节\n\n最后条款\n\n9.1 {clause}\n"))
    assert found is not None
    assert (found.effective_on, found.on_issue, found.location.paragraph) == (effective_on, on_issue, "9.1")


def test_no_effective_clause() -> None:
    assert find_entry_into_force(segment("第 1 节\n\n一般规定\n\n1.1 本公报适用于所有人。\n")) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("经 ST/SGB/2002/11 修正的 ST/SGB/1997/5 号", ["ST/SGB/2002/11", "ST/SGB/1997/5"]),
        ("大会第 63/262 号决议", ["A/RES/63/262"]),
        ("第 69/262、70/248 A 和 71/272 B 号决议", ["A/RES/69/262", "A/RES/70/248", "A/RES/71/272"]),
        ("报告(A/60/846/Add.1)", ["A/60/846/Add.1"]),
        ("按照 ST/AI/189/Add.25/Rev.1 的规定", ["ST/AI/189/Add.25/Rev.1"]),
        ("A/72/6 (Sect. 29E)", ["A/72/6 (Sect. 29E)"]),
    ],
)
def test_symbols(text: str, expected: list[str]) -> None:
    assert [mention.symbol for mention in find_symbols(text)] == expected


def test_header_states_symbol_date_title_and_kind(parse_text: Callable[..., ParsedDocument]) -> None:
    parsed = parse_text(
        BULLETIN.format(header="ST/SGB/2099/1\n\n2099 年 1 月 2 日", clause="本公报自发布日期起生效。")
    )
    metadata = parsed.metadata
    assert (metadata.symbol, metadata.kind, metadata.title) == (
        "ST/SGB/2099/1",
        "bulletin",
        "测试事务部的组织",
    )
    assert (metadata.issued_on, metadata.effective_on, metadata.effective_on_issue) == (
        "2099-01-02",
        date(2099, 1, 2),
        True,
    )
    assert set(metadata.sources.values()) == {"text"}
    assert parsed.department == "测试事务部"


def test_hints_override_text(parse_text: Callable[..., ParsedDocument]) -> None:
    text = BULLETIN.format(
        header="ST/SGB/2099/1\n\n2099 年 1 月 2 日", clause="本公报应于 2099 年 3 月 1 日开始生效。"
    )
    hints = Hints(symbol="ST/SGB/2099/7", issued_on="2099-01-05", effective_on=date(2099, 4, 1))
    metadata = parse_text(text, hints=hints).metadata
    assert (metadata.symbol, metadata.issued_on, metadata.effective_on) == (
        "ST/SGB/2099/7",
        "2099-01-05",
        date(2099, 4, 1),
    )
    assert metadata.sources == {
        "symbol": "hint",
        "kind": "text",
        "title": "text",
        "issued_on": "hint",
        "effective_on": "hint",
    }


def test_stated_date_beats_issue_date(parse_text: Callable[..., ParsedDocument]) -> None:
    text = BULLETIN.format(
        header="ST/SGB/2099/1\n\n2099 年 1 月 2 日", clause="本公报应于 2099 年 3 月 1 日开始生效。"
    )
    assert parse_text(text).metadata.effective_on == date(2099, 3, 1)


@pytest.mark.parametrize(
    ("header", "clause", "hints", "says"),
    [
        ("2099 年 1 月 2 日", "本公报自发布日期起生效。", Hints(), "--symbol"),
        ("ST/SGB/2099/1", "本公报自发布日期起生效。", Hints(), "--issued-on"),
        ("ST/SGB/2099/1\n\n2099 年 1 月 2 日", "本公报适用于所有人。", Hints(), "--effective-on"),
        ("ST/SGB/2099/1", "本公报自发布日期起生效。", Hints(issued_on="2099-01"), "--issued-on"),
    ],
)
def test_bulletin_without_needed_metadata_is_refused(
    parse_text: Callable[..., ParsedDocument], header: str, clause: str, hints: Hints, says: str
) -> None:
    with pytest.raises(DocumentError, match=says):
        parse_text(BULLETIN.format(header=header, clause=clause), hints=hints)


def test_on_issue_with_issue_date_hint(parse_text: Callable[..., ParsedDocument]) -> None:
    parsed = parse_text(
        BULLETIN.format(header="ST/SGB/2099/1", clause="本公报自发布日期起生效。"),
        hints=Hints(issued_on="2099-05-06"),
    )
    assert parsed.metadata.effective_on == date(2099, 5, 6)
    assert parsed.entry_into_force is not None and parsed.entry_into_force.effective_on == date(2099, 5, 6)
