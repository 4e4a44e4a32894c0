"""What the parsing pipeline passes between its stages and hands out: span-carrying dataclasses.

Parsing knows nothing of events or storage; these types are its whole public surface.
Offsets (``Span``) are into ``ParsedDocument.text``, the normalised text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum


class DocumentError(ValueError):
    """A document that cannot be understood. The message names the file and the problem."""

    def __init__(self, source_name: str, problem: str) -> None:
        super().__init__(f"{source_name}: {problem}")
        self.source_name = source_name
        self.problem = problem


class Kind(Enum):
    """Kinds of organisational unit, recognised from the last character(s) of a name."""

    DEPARTMENT = "DEPARTMENT"
    OFFICE = "OFFICE"
    DIVISION = "DIVISION"
    SERVICE = "SERVICE"
    SECTION = "SECTION"
    UNIT = "UNIT"
    TEAM = "TEAM"
    CENTRE = "CENTRE"
    OTHER = "OTHER"


class Relation(Enum):
    APPLIES_WITH = "APPLIES_WITH"  # 一并适用
    AMENDED_BY = "AMENDED_BY"  # 经…修正/修订
    AUTHORITY = "AUTHORITY"  # 秘书长根据…  / established by resolution …
    CITED = "CITED"


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Location:
    """Where a fact stands: section "7", paragraph "7.3" or "7.3(b)", and the quoted text."""

    section: str | None
    paragraph: str | None
    quote: str
    span: Span


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One numbered paragraph (or an unnumbered heading/line) of a section."""

    section: str | None
    number: str | None  # "7.3"; None for headings and unnumbered lines
    text: str
    span: Span
    heading: str | None = None  # the sub-heading this paragraph stands under, if any


@dataclass(frozen=True, slots=True)
class Section:
    number: str | None  # "7"; None for the preamble
    title: str | None  # "军事厅"
    paragraphs: tuple[Paragraph, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Hints:
    """Metadata supplied from outside the text (manifest, command-line flags). None: not supplied."""

    symbol: str | None = None
    kind: str | None = None  # bulletin | budget | report | resolution | other
    title: str | None = None
    issued_on: str | None = None  # ISO, possibly partial: "2010-03-04", "2017-04"
    effective_on: date | None = None


@dataclass(frozen=True, slots=True)
class Metadata:
    """The document's metadata, whatever its source; ``sources`` says where each field came from
    ("text", "hint") so that the audit trail can tell a stated date from a supplied one."""

    symbol: str
    kind: str
    title: str | None
    issued_on: str | None  # ISO, possibly partial ("2017-04"); never a day the source does not give
    effective_on: date | None
    effective_on_issue: bool
    language: str
    sources: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class UnitDefinition:
    """A unit the document defines. ``key`` is the stable unit id (see resolve.py for the rule)."""

    key: str
    name: str
    kind: Kind
    parent_key: str | None
    location: Location


@dataclass(frozen=True, slots=True)
class HeadDefinition:
    unit_key: str
    post: str  # 司长, 军事顾问, 主管维持和平行动副秘书长
    reports_to: tuple[str, ...]  # post titles, as the text gives them
    location: Location


@dataclass(frozen=True, slots=True)
class NameResolution:
    """A name in the text that was resolved to a unit it does not literally spell; why, as data."""

    name: str
    unit_key: str
    reason: str
    location: Location


@dataclass(frozen=True, slots=True)
class EntryIntoForce:
    effective_on: date | None  # None when "on issue" and the issue date is unknown
    on_issue: bool
    location: Location


@dataclass(frozen=True, slots=True)
class Abolition:
    target_symbol: str
    sections: tuple[str, ...]  # empty: the whole issuance
    cited_title: str | None
    cited_on: str | None  # ISO, possibly partial
    location: Location


@dataclass(frozen=True, slots=True)
class Citation:
    target_symbol: str
    relation: Relation
    cited_title: str | None
    location: Location
    # For AMENDED_BY: the symbol of the amending issuance (the target is the amended one).
    amended_by: str | None = None


@dataclass(frozen=True, slots=True)
class Warning:
    message: str
    location: Location | None


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    source_name: str
    text: str
    metadata: Metadata
    department: str | None  # the name of the department the document organises, if any
    sections: tuple[Section, ...]
    units: tuple[UnitDefinition, ...]
    heads: tuple[HeadDefinition, ...]
    resolutions: tuple[NameResolution, ...]
    entry_into_force: EntryIntoForce | None
    abolitions: tuple[Abolition, ...]
    citations: tuple[Citation, ...]
    warnings: tuple[Warning, ...]
