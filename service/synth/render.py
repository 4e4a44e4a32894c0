"""One bulletin's text, in the seeds' phrasing, and the truth it states (units, parents, heads).

Layout (as ST/SGB/2010/2): a date line, 秘书长公报, the title, the preamble; 第 1 节 一般规定; 第 2 节
职能和组织 (the department's functions, its head); one section per office or division, whose paragraphs
compose it ("X司由司长办公室、A处和B处组成"), head each unit ("A处由处长领导。处长向司长负责。" or
"每个科都由一名科长领导，向处长负责。") and list core functions; 最后条款 (entry into force, abolitions).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from .history import FRONT_OFFICE
from .model import AbolitionTruth, HeadTruth, Node, UnitTruth
from .vocabulary import ENGLISH_MONTHS, HEAD_POST, KIND_OF_SUFFIX

LETTERS = "abcdefghijklmnopqrstuvwxyz"
ROOT_POST = {"部": "副秘书长", "厅": "助理秘书长", "办公室": "主任"}
FRONT_OFFICE_HEAD = "办公室主任"
EXECUTIVE_OFFICE_HEAD = "执行干事"


def english_date(day: date) -> str:
    return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"


def chinese_date(day: date) -> str:
    return f"{day.year} 年 {day.month} 月 {day.day} 日"


def _join(names: list[str]) -> str:
    """A、B和C — the seeds' list."""
    if len(names) == 1:
        return names[0]
    return "、".join(names[:-1]) + "和" + names[-1]


@dataclass(frozen=True, slots=True)
class Previous:
    """An earlier bulletin of the department that this one abolishes (wholly, or some sections)."""

    symbol: str
    title: str
    issued_on: date
    sections: tuple[str, ...]


@dataclass
class Rendered:
    text: str
    units: list[UnitTruth]
    heads: list[HeadTruth]
    abolitions: list[AbolitionTruth]


@dataclass
class _Writer:
    rng: random.Random
    department: str
    lines: list[str] = field(default_factory=list)
    units: list[UnitTruth] = field(default_factory=list)
    heads: list[HeadTruth] = field(default_factory=list)
    keys: dict[int, str] = field(default_factory=dict)
    posts: dict[int, str] = field(default_factory=dict)

    def paragraph(self, text: str) -> None:
        self.lines += [text, ""]

    def key(self, node: Node, parent: Node | None) -> str:
        if parent is None:
            key = node.name
        elif node.generic:
            key = f"{self.keys[id(parent)]}/{node.name}"
        else:
            key = f"{self.department}/{node.name}"
        self.keys[id(node)] = key
        return key

    def define(self, node: Node, parent: Node | None, section: str) -> None:
        key = self.key(node, parent)
        kind = "DEPARTMENT" if parent is None else KIND_OF_SUFFIX[node.suffix]
        parent_key = self.keys[id(parent)] if parent is not None else None
        self.units.append(UnitTruth(key, node.name, kind, parent_key, section))

    def head(self, node: Node, post: str, reports_to: str) -> None:
        self.posts[id(node)] = post
        self.heads.append(HeadTruth(self.keys[id(node)], post, (reports_to,)))

    def functions(self, next_number: Callable[[], str], node: Node) -> bool:
        if not node.functions:
            return False
        self.paragraph(f"{next_number()} {node.name}的核心职能如下：")
        items = list(node.functions)
        for index, item in enumerate(items):
            end = "。" if index == len(items) - 1 else "；"
            self.paragraph(f"({LETTERS[index]}) {item}{end}")
        return True


def _headed_by(node: Node, parent_post: str) -> str:
    post = HEAD_POST[node.suffix]
    return f"{node.name}由{post}领导。{post}向{parent_post}负责。"


def _section_body(w: _Writer, number: str, unit: Node, parent_post: str) -> None:
    """The paragraphs of one office's or division's section."""
    counter = iter(range(1, 1000))

    def next_number() -> str:
        return f"{number}.{next(counter)}"

    if unit.name in FRONT_OFFICE.values():
        post = FRONT_OFFICE_HEAD
        text = f"{unit.name}由一名{post}领导。{post}向{parent_post}负责。"
    elif unit.name == "执行办公室":
        post = EXECUTIVE_OFFICE_HEAD
        text = f"{unit.name}由{post}领导。{post}向{parent_post}负责。"
    else:
        post = HEAD_POST[unit.suffix]
        text = _headed_by(unit, parent_post)
    w.head(unit, post, parent_post)
    if unit.children:
        text += f"{unit.name}由{_join([c.name for c in unit.children])}组成。"
        for child in unit.children:
            w.define(child, unit, number)
    w.paragraph(f"{next_number()} {text}")
    w.functions(next_number, unit)
    for child in unit.children:
        _unit_paragraphs(w, number, child, post, next_number, headed=False)


def _unit_paragraphs(
    w: _Writer, section: str, node: Node, parent_post: str, next_number: Callable[[], str], headed: bool
) -> None:
    """A unit's head (unless its parent's paragraph headed it with its siblings), composition, functions."""
    if node.generic:
        return  # 司长办公室 and 前沿办公室: named, never headed (as in the seeds)
    post = HEAD_POST[node.suffix]
    text = ""
    if not headed:
        text = _headed_by(node, parent_post)
        w.head(node, post, parent_post)
    children = node.children
    each = False
    if children:
        text += f"{node.name}由{_join([c.name for c in children])}组成。"
        for child in children:
            w.define(child, node, section)
        each = len({c.suffix for c in children}) == 1 and w.rng.random() < 0.5
        if each:
            suffix = children[0].suffix
            child_post = HEAD_POST[suffix]
            text += f"每个{suffix}都由一名{child_post}领导，向{post}负责。"
            for child in children:
                w.head(child, child_post, post)
    if text:
        w.paragraph(f"{next_number()} {text}")
    w.functions(next_number, node)
    for child in children:
        _unit_paragraphs(w, section, child, post, next_number, headed=each)


def render(
    root: Node,
    title: str,
    issued_on: date,
    effective_on: date,
    on_issue: bool,
    previous: list[Previous],
    rng: random.Random,
) -> Rendered:
    w = _Writer(rng, root.name)
    root_post = ROOT_POST[root.suffix]
    w.lines += ["", english_date(issued_on), "", "秘书长公报", "", title, ""]
    w.define(root, None, "")
    w.paragraph(
        "秘书长根据经 ST/SGB/2002/11 修正的题为“联合国秘书处的组织”的 ST/SGB/1997/5 号秘书长公报，"
        f"为建立{root.name}的职能和组织结构，特颁布如下规定："
    )
    w.paragraph("第 1 节")
    w.paragraph("一般规定")
    w.paragraph(
        "1.1 本公报应与经 ST/SGB/2002/11 修正的题为“联合国秘书处的组织”的 "
        "ST/SGB/1997/5 号秘书长公报一并适用。"
    )
    w.paragraph("第 2 节")
    w.paragraph("职能和组织")
    w.paragraph(f"2.1 {root.name}：")
    for index, item in enumerate(root.functions):
        end = "。" if index == len(root.functions) - 1 else "；"
        w.paragraph(f"({LETTERS[index]}) {item}{end}")
    w.paragraph(f"2.2 如本公报所述，{root.name}分成若干组织单位。")
    w.paragraph(f"2.3 {root.name}由{root_post}领导。{root_post}向秘书长负责。")
    w.head(root, root_post, "秘书长")
    section = 3
    for unit in root.children:
        number = str(section)
        w.define(unit, root, number)
        w.paragraph(f"第 {number} 节")
        w.paragraph(unit.name)
        _section_body(w, number, unit, root_post)
        section += 1
    w.paragraph(f"第 {section} 节")
    w.paragraph("最后条款")
    clause = "本公报自发布日期起生效。" if on_issue else f"本公报应于 {chinese_date(effective_on)}开始生效。"
    w.paragraph(f"{section}.1 {clause}")
    abolitions = []
    for index, earlier in enumerate(previous, start=2):
        cited = f"{chinese_date(earlier.issued_on)}题为“{earlier.title}”的 {earlier.symbol} 号秘书长公报"
        if earlier.sections:
            cited += f"第 {'、'.join(earlier.sections)} 节"
        w.paragraph(f"{section}.{index} {cited}特此作废。")
        abolitions.append(AbolitionTruth(earlier.symbol, earlier.sections))
    w.lines += ["秘书长", "", "潘基文(签名)", ""]
    return Rendered("\n".join(w.lines), w.units, w.heads, abolitions)
