"""Abolition clauses and citations: (text, expected) rows."""

from __future__ import annotations

import pytest

from service.parsing.model import Relation
from service.parsing.references import find_abolitions, find_citations
from service.parsing.segment import segment


def _paragraph(text: str) -> str:
    return f"第 9 节\n\n最后条款\n\n9.2 {text}\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "2000 年 5 月 15 日题为“政治事务部的组织”的 ST/SGB/2000/9 号秘书长公报特此作废。",
            [("ST/SGB/2000/9", (), "政治事务部的组织", "2000-05-15")],
        ),
        (
            "秘书长 1998 年 6 月 1 日题为“中央支助事务厅的组织”的公报 "
            "(ST/SGB/1998/11 第 5 节，安保和安全处) 就此废止。",
            [("ST/SGB/1998/11", ("5",), "中央支助事务厅的组织", "1998-06-01")],
        ),
        (
            "题为“裁军事务厅的组织”的 ST/SGB/2008/8 号秘书长公报第 3 和第 4 节特此废止。",
            [("ST/SGB/2008/8", ("3", "4"), "裁军事务厅的组织", None)],
        ),
        (
            "ST/SGB/2001/1 和 ST/SGB/2002/2 特此废止。",
            [("ST/SGB/2001/1", (), None, None), ("ST/SGB/2002/2", (), None, None)],
        ),
        ("本公报应与 ST/SGB/1997/5 号秘书长公报一并适用。", []),
    ],
)
def test_abolitions(text: str, expected: list[tuple[object, ...]]) -> None:
    found = find_abolitions(segment(_paragraph(text)), "ST/SGB/2099/1")
    assert [(a.target_symbol, a.sections, a.cited_title, a.cited_on) for a in found] == expected


def test_a_document_does_not_abolish_itself() -> None:
    assert find_abolitions(segment(_paragraph("ST/SGB/2099/1 特此废止。")), "ST/SGB/2099/1") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "本公报应与经 ST/SGB/2002/11 修正的题为“联合国秘书处的组织”的 "
            "ST/SGB/1997/5 号秘书长公报一并适用。",
            {
                ("ST/SGB/2002/11", Relation.CITED, None),
                ("ST/SGB/1997/5", Relation.APPLIES_WITH, None),
                ("ST/SGB/1997/5", Relation.AMENDED_BY, "ST/SGB/2002/11"),
            },
        ),
        (
            "本公报应与 ST/SGB/1997/5 号秘书长公报(经 ST/SGB/2002/11 修订)一并适用。",
            {
                ("ST/SGB/2002/11", Relation.CITED, None),
                ("ST/SGB/1997/5", Relation.APPLIES_WITH, None),
                ("ST/SGB/1997/5", Relation.AMENDED_BY, "ST/SGB/2002/11"),
            },
        ),
        (
            "信息和通信技术厅由大会第 63/262 号决议于 2008 年 12 月设立。",
            {("A/RES/63/262", Relation.AUTHORITY, None)},
        ),
        ("由于根据大会第 70/247 号决议为支持战略设立 2 个员额。", {("A/RES/70/247", Relation.CITED, None)}),
        (
            "执行办公室的核心职能载于 ST/SGB/1997/5 号秘书长公报第 7 节。",
            {("ST/SGB/1997/5", Relation.CITED, None)},
        ),
        ("本公报(ST/SGB/2099/1)自发布日期起生效。", set()),
    ],
)
def test_citations(text: str, expected: set[tuple[str, Relation, str | None]]) -> None:
    found = find_citations(segment(f"第 1 节\n\n一般规定\n\n1.1 {text}\n"), "ST/SGB/2099/1")
    assert {(c.target_symbol, c.relation, c.amended_by) for c in found} == expected


def test_authority_of_the_preamble() -> None:
    text = (
        "秘书长根据题为“联合国秘书处的组织”的 ST/SGB/1997/5 号秘书长公报，特颁布如下：\n\n"
        "第 1 节\n\n一般\n\n1.1 无。\n"
    )
    found = find_citations(segment(text), None)
    assert [(c.target_symbol, c.relation, c.cited_title) for c in found] == [
        ("ST/SGB/1997/5", Relation.AUTHORITY, "联合国秘书处的组织")
    ]
