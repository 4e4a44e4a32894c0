"""The enumerations of the schema, and how the read side's strings map onto them."""

from __future__ import annotations

import enum
import re
from datetime import date

import strawberry


@strawberry.enum(description="A language a name can be given in.")
class Lang(enum.Enum):
    ZH = "zh"
    EN = "en"


@strawberry.enum(description="What kind of organisational unit this is.")
class UnitKind(enum.Enum):
    DEPARTMENT = "DEPARTMENT"
    OFFICE = "OFFICE"
    DIVISION = "DIVISION"
    SERVICE = "SERVICE"
    SECTION = "SECTION"
    UNIT = "UNIT"
    TEAM = "TEAM"
    CENTRE = "CENTRE"
    OTHER = "OTHER"


@strawberry.enum(description="How much of a date a document states: the day, the month or only the year.")
class DatePrecision(enum.Enum):
    DAY = "DAY"
    MONTH = "MONTH"
    YEAR = "YEAR"


_PRECISION_PATTERNS = (
    (re.compile(r"\d{4}-\d{2}-\d{2}"), DatePrecision.DAY),
    (re.compile(r"\d{4}-\d{2}"), DatePrecision.MONTH),
    (re.compile(r"\d{4}"), DatePrecision.YEAR),
)


def precision_of(iso_text: str | None) -> DatePrecision | None:
    """DAY for "2017-04-05", MONTH for "2017-04", YEAR for "2017"; None for anything else."""
    if iso_text is None:
        return None
    return next((p for pattern, p in _PRECISION_PATTERNS if pattern.fullmatch(iso_text)), None)


def day_of(iso_text: str | None) -> date | None:
    """The day an ISO date names, only when it is precise to the day."""
    if precision_of(iso_text) is not DatePrecision.DAY:
        return None
    try:
        return date.fromisoformat(iso_text or "")
    except ValueError:
        return None


_UNIT_KINDS: dict[str, UnitKind] = dict(UnitKind.__members__)


def unit_kind(kind: str) -> UnitKind:
    """The kind the read side stores ("DIVISION"); OTHER for one the schema does not list."""
    found = _UNIT_KINDS.get(kind)  # the stored spelling, without upper-casing it on every call
    return found if found is not None else _UNIT_KINDS.get(kind.upper(), UnitKind.OTHER)


@strawberry.enum(
    description="What kind of change a `UnitChange` is (OTHER: one this schema does not list yet)."
)
class ChangeKind(enum.Enum):
    ESTABLISHED = "ESTABLISHED"
    ABOLISHED = "ABOLISHED"
    RENAMED = "RENAMED"
    MOVED = "MOVED"
    KIND_CHANGED = "KIND_CHANGED"
    HEAD_CHANGED = "HEAD_CHANGED"
    REPORTING_CHANGED = "REPORTING_CHANGED"
    FUNCTIONS_CHANGED = "FUNCTIONS_CHANGED"
    POSTS_MOVED = "POSTS_MOVED"
    OTHER = "OTHER"


def change_kind(change: str) -> ChangeKind:
    return ChangeKind.__members__.get(change.upper(), ChangeKind.OTHER)


@strawberry.enum(description="What the store did with a fact when a document was recorded.")
class RecordedAction(enum.Enum):
    RECORDED = "RECORDED"
    LEARNED = "LEARNED"
    RETRACTED = "RETRACTED"
