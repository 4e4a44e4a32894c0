"""Sections, paragraphs, lettered items and sub-headings, with spans into the normalised text."""

from __future__ import annotations

import pytest

from service.parsing.normalise import clean, clean_line
from service.parsing.segment import is_heading, location_of, segment


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("## 第 6 节", "第 6 节"),
        ("### 区域业务司", "区域业务司"),
        ("经 [ST/SGB/2002/11](#) 修正", "经 ST/SGB/2002/11 修正"),
        ("- (a) 建立基础设施；", "(a) 建立基础设施；"),
        ("（ａ）全角１２", "(a)全角12"),
        ("https://undocs.org/ch/A/RES/63/262", ""),
    ],
)
def test_clean_line(line: str, expected: str) -> None:
    assert clean_line(line) == expected


TEXT = clean(
    "秘书长公报\n\n第 6 节 行动厅\n\n6.1 行动厅由助理秘书长领导。\n\n助理秘书长办公室\n\n"
    "6.2 核心职能如下：\n\n(a) 协助助理秘书长；\n\n(b) 确保质\n\n量。\n\n第 7 节\n\n军事厅\n\n"
    "7.1 军事厅由军事顾问领导。\n\n9.2 2000 年 5 月 15 日的公报特此作废。\n\n51.3 88.8 9.7\n"
)


def test_sections_and_titles() -> None:
    sections = segment(TEXT)
    assert [(s.number, s.title) for s in sections] == [(None, None), ("6", "行动厅"), ("7", "军事厅")]


def test_paragraph_numbers_items_and_headings() -> None:
    section = segment(TEXT)[1]
    numbers = [(p.number, p.heading, is_heading(p)) for p in section.paragraphs]
    assert numbers == [
        ("6.1", None, False),
        (None, "助理秘书长办公室", True),
        ("6.2", "助理秘书长办公室", False),
        ("6.2(a)", "助理秘书长办公室", False),
        ("6.2(b)", "助理秘书长办公室", False),
    ]
    assert section.paragraphs[-1].text == "确保质量。"


def test_spans_point_into_the_text_and_locations_name_the_paragraph() -> None:
    paragraph = segment(TEXT)[1].paragraphs[0]
    assert TEXT[paragraph.span.start : paragraph.span.end] == "6.1 行动厅由助理秘书长领导。"
    location = location_of(paragraph)
    assert (location.section, location.paragraph, location.quote) == ("6", "6.1", "行动厅由助理秘书长领导。")


def test_a_paragraph_may_open_with_a_year_but_a_table_row_is_no_paragraph() -> None:
    numbers = [p.number for p in segment(TEXT)[2].paragraphs]
    assert numbers[:2] == ["7.1", "9.2"]
    assert "51.3" not in numbers


def test_budget_paragraph_stands_in_its_section() -> None:
    paragraph = segment(clean(" 29E.1 信息和通信技术厅由大会设立。\n"))[0].paragraphs[0]
    assert (location_of(paragraph).section, paragraph.number) == ("29E", "29E.1")
