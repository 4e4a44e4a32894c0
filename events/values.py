"""Value objects of the domain: kinds, paragraph references, dates with precision."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum


class UnitKind(Enum):
    DEPARTMENT = "DEPARTMENT"
    OFFICE = "OFFICE"
    DIVISION = "DIVISION"
    SERVICE = "SERVICE"
    SECTION = "SECTION"
    UNIT = "UNIT"
    TEAM = "TEAM"
    CENTRE = "CENTRE"
    OTHER = "OTHER"


class IssuanceKind(Enum):
    BULLETIN = "bulletin"
    BUDGET = "budget"
    REPORT = "report"
    RESOLUTION = "resolution"
    OTHER = "other"

    @property
    def is_proposal(self) -> bool:
        """A report proposes; by itself it never changes the organisation."""
        return self is IssuanceKind.REPORT


class CitationRelation(Enum):
    APPLIES_WITH = "APPLIES_WITH"
    AMENDED_BY = "AMENDED_BY"
    AUTHORITY = "AUTHORITY"
    CITED = "CITED"


@dataclass(frozen=True, slots=True)
class ParagraphRef:
    """Where a provision stands: section "7", paragraph "7.3(b)"; either may be unknown."""

    section: str | None
    paragraph: str | None

    def __str__(self) -> str:
        if self.paragraph:
            return f"§{self.paragraph}"
        if self.section:
            return f"section {self.section}"
        return "(preamble)"


class LineKind(Enum):
    """A line across units other than a head's own reporting line (mirrors the parser's kinds)."""

    REPORTS_TO = "REPORTS_TO"
    RECEIVES_DIRECTION_FROM = "RECEIVES_DIRECTION_FROM"
    ACCOUNTABLE_TO = "ACCOUNTABLE_TO"
    COORDINATES_WITH = "COORDINATES_WITH"
    ADVISES = "ADVISES"


@dataclass(frozen=True, slots=True)
class PostCount:
    """Posts of one grade: ("P-5", 2)."""

    grade: str
    count: int


class CorrectedField(Enum):
    """What a correction overrides in the provision(s) it targets."""

    UNIT = "unit"  # the provision is about another unit (an identity decision: merges the two)
    NAME = "name"  # the unit's name as stated
    KIND = "kind"  # the unit's kind
    PARENT = "parent"  # the unit's parent (``now`` names the parent)
    POST = "post"  # the head's post title
    REPORTS_TO = "reports_to"  # one post the head reports to
    TEXT = "text"  # a mention inside the provision's text values (functions, lines)


class DatePrecision(Enum):
    DAY = "DAY"
    MONTH = "MONTH"
    YEAR = "YEAR"


_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to a day, a month or a year. "2008-12" is not "2008-12-01"."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day without a month")
        date(self.year, self.month or 1, self.day or 1)  # validates the calendar

    @property
    def precision(self) -> DatePrecision:
        if self.day is not None:
            return DatePrecision.DAY
        if self.month is not None:
            return DatePrecision.MONTH
        return DatePrecision.YEAR

    def earliest(self) -> date:
        """The first day the date can denote: what "in force from" uses."""
        return date(self.year, self.month or 1, self.day or 1)

    def isoformat(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        match = _PARTIAL_DATE.match(text.strip())
        if not match:
            raise ValueError(f"not a date: {text!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)")
        year, month, day = match.groups()
        return cls(int(year), int(month) if month else None, int(day) if day else None)

    @classmethod
    def of(cls, day: date) -> PartialDate:
        return cls(day.year, day.month, day.day)

    def __str__(self) -> str:
        return self.isoformat()
