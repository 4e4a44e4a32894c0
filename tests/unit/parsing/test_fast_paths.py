"""The parser's shortcuts (a word tested before a pattern scans, a pattern run on part of the text) must
give what the plain definitions give: each is checked here against the definition it stands for."""

from __future__ import annotations

import pytest

from service.parsing.defects import ORGANISED, known_departments
from service.parsing.functions import TRAILING, clean_item
from service.parsing.normalise import clean, clean_line
from service.parsing.units import UNIT_SUFFIXES, is_bare_suffix, unit_suffix

ITEMS = [
    "管理预算；及",
    "管理预算；  以及",
    "管理预算 ；和；。",
    "管理预算；；和",
    "管理预算和",
    "和",
    "；并",
    "提供咨询。",
    "  规划：  ",
    "",
    "协调；以及其他",
]


@pytest.mark.parametrize("item", ITEMS)
def test_clean_item_removes_what_the_trailing_pattern_removes(item: str) -> None:
    assert clean_item(item) == TRAILING.sub("", item.strip()).strip()


TEXTS = [
    "## 第 1 节\r\n\r\n  # 标题\n\n- (a) 项目\n* 不是项目\n",
    "[ST/SGB/2010/1](http://x/y) 和 [链接\n](断开)\n  https://undocs.org/x  \n",
    "１．１ 全角（括号）／斜线\u3000空格\u00a0\n\n\n### \n#标题\n",
    "\n\n正文\r没有换行\r\n",
]


@pytest.mark.parametrize("text", TEXTS)
def test_cleaning_the_whole_text_is_cleaning_each_line(text: str) -> None:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    assert clean(text) == "\n".join(clean_line(line) for line in lines).strip("\n") + "\n"


NAMES = ["", "部", "小组", "行动组", "办公室", "室", "前台", "部门", "司长", "科/股"]


@pytest.mark.parametrize("name", NAMES)
def test_unit_suffix_is_the_first_suffix_the_name_ends_with(name: str) -> None:
    expected = next((suffix for suffix, _ in UNIT_SUFFIXES if name.endswith(suffix)), None)
    assert unit_suffix(name) == expected
    assert is_bare_suffix(name) == (name != "前台" and any(name == s for s, _ in UNIT_SUFFIXES))


def test_departments_are_found_line_by_line_as_in_the_whole_text() -> None:
    text = "外勤支助部的组织\n关于维持和平行动部组织的公报\n 安全和安保部\n组织\n题为“管理部的组织”\n"
    assert known_departments(text) == {m.group("department") for m in ORGANISED.finditer(text)}
