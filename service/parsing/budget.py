"""Stage 6d: what a budget fascicle states about posts and about the past.

Budget tables are wrapped over several lines by the PDF conversion, so these patterns read the whole
normalised text and let any whitespace (newlines included) stand between their tokens:
  PostMovement       从 A 向 B 调动 N 个员额：n 个 G、n 个 G…  (也 "(n 个 G、…)")
  StaffingTable      2016-2017 两年期核定数 168 n 个 G、…  (拟议数: proposed; 核定数/订正数: not)
  PastEstablishment  "X 由大会第 63/262 号决议于 2008 年 12 月设立" in a numbered paragraph; X a
                     department-level unit (…部, …厅): its key is its name, no parent. The date keeps the
                     precision the text gives (month: "2008-12"; never an invented day).
A table row has no paragraph number; its location is the table ("表 29E.2") it stands under.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Kind, Location, PastEstablishment, PostCount, PostMovement, Section, Span, StaffingTable
from .segment import all_paragraphs, location_of
from .symbols import chinese_dates
from .units import kind_of

GRADE = r"[A-Z]{1,3}(?:-\d(?:/\d)?)?(?:\([A-Z]{2}\))?"
COUNT = rf"\d+\s*个\s*{GRADE}"
GRADE_LIST = rf"{COUNT}(?:\s*[、,，和及]\s*{COUNT})*"
GRADE_COUNT = re.compile(rf"(\d+)\s*个\s*({GRADE})")
MOVEMENT = re.compile(
    r"从\s*(?P<origin>[^\s，。；从向]{2,40}?)\s*向\s*(?P<destination>[^，。；\n]{1,30}?)\s*调动\s*"
    rf"(?P<count>\d+)\s*个员额\s*[：:(]?\s*(?P<grades>{GRADE_LIST})"
)
STAFFING = re.compile(
    r"(?P<period>\d{4}-\d{4})\s*两年期\s*(?P<basis>核定数|拟议数|订正数)\s*(?P<total>\d+)\s+"
    rf"(?P<grades>{GRADE_LIST})"
)
TABLE = re.compile(r"表\s*(?P<number>\d+[A-Z]?)\.(?P<table>\d+)")
ESTABLISHED = re.compile(
    r"(?:^|[，。；])\s*(?P<unit>[^\s，。；、]{2,30}?[部厅])由\s*(?:大会)?\s*第\s*(?P<number>\d+/\d+)\s*号决议"
    r"(?:于\s*(?P<date>\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?))?\s*设立"
)


@dataclass
class BudgetItems:
    movements: list[PostMovement] = field(default_factory=list)
    staffing: list[StaffingTable] = field(default_factory=list)
    establishments: list[PastEstablishment] = field(default_factory=list)


def _grades(text: str) -> tuple[PostCount, ...]:
    return tuple(PostCount(grade, int(count)) for count, grade in GRADE_COUNT.findall(text))


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _table_location(text: str, match: re.Match[str]) -> Location:
    """Where a table row stands: the last "表 29E.2" before it."""
    tables = list(TABLE.finditer(text, 0, match.start()))
    section = tables[-1].group("number") if tables else None
    table = _tidy(tables[-1].group(0)) if tables else None
    return Location(section, table, _tidy(match.group(0)), Span(match.start(), match.end()))


def _movements(text: str) -> list[PostMovement]:
    if "调动" not in text:  # the pattern's verb: the scan is spared the texts without it
        return []
    return [
        PostMovement(
            int(match.group("count")),
            _grades(match.group("grades")),
            _tidy(match.group("origin")),
            _tidy(match.group("destination")),
            _table_location(text, match),
        )
        for match in MOVEMENT.finditer(text)
    ]


def _staffing(text: str) -> list[StaffingTable]:
    if "两年期" not in text:
        return []
    return [
        StaffingTable(
            match.group("period"),
            int(match.group("total")),
            _grades(match.group("grades")),
            match.group("basis") == "拟议数",
            _table_location(text, match),
        )
        for match in STAFFING.finditer(text)
    ]


def _establishments(sections: tuple[Section, ...]) -> list[PastEstablishment]:
    found = []
    for paragraph in all_paragraphs(sections):
        if "号决议" not in paragraph.text:  # what the pattern needs besides its lazy unit name
            continue
        for match in ESTABLISHED.finditer(paragraph.text):
            stated = next(chinese_dates(match.group("date") or ""), None)
            if stated is None:
                continue
            unit = match.group("unit")
            kind = kind_of(unit) if kind_of(unit) is not Kind.OTHER else Kind.OFFICE
            authority = f"A/RES/{match.group('number')}"
            found.append(PastEstablishment(unit, unit, kind, None, stated, authority, location_of(paragraph)))
    return found


def find_budget_items(text: str, sections: tuple[Section, ...]) -> BudgetItems:
    return BudgetItems(_movements(text), _staffing(text), _establishments(sections))
