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

    def __reduce__(self) -> tuple[type[DocumentError], tuple[str, str]]:
        # Raised in a worker process, it is pickled back to the caller, where it must say the same.
        return type(self), (self.source_name, self.problem)


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
    # The sections of the target the citation is about ("第 4 节修正如下", "载于…第 7 节"); empty: all of it.
    sections: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Warning:
    message: str
    location: Location | None


class LineKind(Enum):
    """A line across units, other than the head's own reporting line."""

    REPORTS_TO = "REPORTS_TO"  # 向…报告
    RECEIVES_DIRECTION_FROM = "RECEIVES_DIRECTION_FROM"  # 接受…的指令/指示
    ACCOUNTABLE_TO = "ACCOUNTABLE_TO"  # 对…负责 (a post accountable to a head of another unit)
    COORDINATES_WITH = "COORDINATES_WITH"  # 与…协调
    ADVISES = "ADVISES"  # 向…提供咨询


@dataclass(frozen=True, slots=True)
class FunctionsDefinition:
    """A unit's core functions (核心职能): the lettered or numbered items, each kept as its text."""

    unit_key: str
    items: tuple[str, ...]
    location: Location  # the paragraph that introduces them, e.g. "4.3"


@dataclass(frozen=True, slots=True)
class ReportingLine:
    """A post (of a unit, where known) stands in a line to other posts: "DFS's USG reports to DPKO's USG
    on peacekeeping matters", "the chief of staff is accountable to two USGs"."""

    from_post: str
    from_unit_key: str | None
    to_posts: tuple[str, ...]
    kind: LineKind
    scope: str | None  # "在联合国维持和平行动所涉的所有问题…方面", if the text limits the line
    location: Location


@dataclass(frozen=True, slots=True)
class SharedResource:
    """Units that serve more than their own department (共有资源 / 综合资源 / 共享资源)."""

    unit_names: tuple[str, ...]
    unit_keys: tuple[str | None, ...]  # resolved where the unit is defined in this document
    shared_by: tuple[str, ...]  # the departments (names) they serve
    location: Location


@dataclass(frozen=True, slots=True)
class PostCount:
    grade: str  # "P-5", "GS(OL)", "ASG"
    count: int


@dataclass(frozen=True, slots=True)
class PostMovement:
    """Posts moved from one unit to another (a budget fascicle's 调动)."""

    count: int
    grades: tuple[PostCount, ...]
    from_unit: str  # as named: "安全和安保部危机管理信息支助科"
    to_unit: str  # as named: "次级方案 5" or a unit
    location: Location


@dataclass(frozen=True, slots=True)
class StaffingTable:
    """Posts by grade for a period, as a budget states them ("2018-2019 两年期拟议数 178 …")."""

    period: str
    total: int
    grades: tuple[PostCount, ...]
    proposed: bool
    location: Location


@dataclass(frozen=True, slots=True)
class PastEstablishment:
    """A statement about the past: a unit was established, by an authority, on a date the text gives with
    its own precision ("由大会第 63/262 号决议于 2008 年 12 月设立" -> "2008-12", A/RES/63/262)."""

    unit_key: str
    unit_name: str
    kind: Kind
    parent_key: str | None
    established_on: str  # ISO, possibly partial
    authority: str | None  # a symbol
    location: Location


@dataclass(frozen=True, slots=True)
class Proposal:
    """Something a report proposes (拟设立 / 建议设立): recorded, never in force by itself."""

    text: str
    unit_name: str | None
    location: Location
    post: str | None = None  # "由首席信息技术干事主管": the post proposed to head it
    parent_name: str | None = None  # "隶属于管理事务部" / "设在管理事务部内": where it would stand


@dataclass(frozen=True, slots=True)
class Rename:
    """ "原 X 改称 Y": the unit keeps its stable key, the key of its old name (``unit_key``)."""

    old_name: str
    new_name: str
    unit_key: str
    location: Location


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
    functions: tuple[FunctionsDefinition, ...] = ()
    lines: tuple[ReportingLine, ...] = ()
    shared_resources: tuple[SharedResource, ...] = ()
    post_movements: tuple[PostMovement, ...] = ()
    staffing: tuple[StaffingTable, ...] = ()
    past_establishments: tuple[PastEstablishment, ...] = ()
    proposals: tuple[Proposal, ...] = ()
    renames: tuple[Rename, ...] = ()
