"""Shared vocabulary of the metadata stage: document symbols and dates as the genre writes them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

_ST = r"ST/[A-Z]{2,4}/\d+(?:/\d+)?(?:/(?:Add|Rev|Corr|Amend)\.\d+)*"
_GA_DOC = r"A/(?:RES/)?\d+/\d+(?:/(?:Add|Rev|Corr)\.\d+)*(?:\s*\(Sect\.\s*\w+\))?"
SYMBOL = re.compile(rf"(?<![\w/])(?:{_ST}|{_GA_DOC})")
# "大会第 63/262 号决议", "第 69/262、70/248 A 和 71/272 B 号决议": resolutions cited by number only.
RESOLUTION_LIST = re.compile(
    r"第\s*(\d+/\d+(?:\s*[A-Z](?![\w/]))?(?:\s*[、和及,，]\s*(?:第\s*)?\d+/\d+(?:\s*[A-Z](?![\w/]))?)*)\s*号决议"
)
RESOLUTION_NUMBER = re.compile(r"(\d+)/(\d+)")
WHITESPACE = re.compile(r"\s+")

ENGLISH_MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}
ENGLISH_DATE = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})$")
CHINESE_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")
CHINESE_DATE_LINE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")


@dataclass(frozen=True, slots=True)
class SymbolMention:
    symbol: str
    start: int
    end: int


def _tidy(symbol: str) -> str:
    return WHITESPACE.sub(" ", symbol).strip()


def find_symbols(text: str) -> list[SymbolMention]:
    """Every document symbol in ``text``, spelled out or as "第 N/M 号决议", in order of appearance."""
    if "/" not in text:  # every symbol has one: most sentences are spared both scans
        return []
    mentions = [SymbolMention(_tidy(m.group(0)), m.start(), m.end()) for m in SYMBOL.finditer(text)]
    for match in RESOLUTION_LIST.finditer(text):
        # A cited part letter ("70/248 A") names a part of the resolution, whose symbol has no letter.
        for number in RESOLUTION_NUMBER.finditer(match.group(1)):
            symbol = f"A/RES/{number.group(1)}/{number.group(2)}"
            mentions.append(SymbolMention(symbol, match.start(), match.end()))
    return sorted(mentions, key=lambda mention: mention.start)


def full_date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def parse_date_line(line: str) -> date | None:
    """A date line as the header states it: "4 March 2010" or "2012 年 6 月 1 日"."""
    english = ENGLISH_DATE.match(line.strip())
    if english:
        month = ENGLISH_MONTHS.get(english.group(2).lower())
        return full_date(english.group(3), str(month), english.group(1)) if month else None
    chinese = CHINESE_DATE_LINE.match(line.strip())
    return full_date(*chinese.groups()) if chinese else None


def chinese_dates(text: str) -> Iterator[str]:
    """ISO strings for each Chinese date in ``text``, keeping its precision ("2008-12" has no day)."""
    for match in CHINESE_DATE.finditer(text):
        year, month, day = match.groups()
        if day is None:
            yield f"{int(year):04d}-{int(month):02d}"
            continue
        parsed = full_date(year, month, day)
        if parsed:
            yield parsed.isoformat()
