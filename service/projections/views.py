"""What the read side hands out: plain frozen dataclasses, ready to serialise."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol


class Status:
    NOT_YET_IN_FORCE = "NOT_YET_IN_FORCE"
    IN_FORCE = "IN_FORCE"
    PARTIALLY_ABOLISHED = "PARTIALLY_ABOLISHED"
    ABOLISHED = "ABOLISHED"
    PROPOSAL = "PROPOSAL"
    UNKNOWN = "UNKNOWN"


@dataclass(frozen=True, slots=True)
class ProvenanceView:
    """A provision a fact rests on, by reference: its place and words are its ``PassageView``
    (``ReadModel.passages``)."""

    symbol: str
    seq: int
    authority: str | None = None  # the symbol the fact rests on ("A/RES/63/262"), where the text says
    stated_on: str | None = None  # the fact's own date, with its precision ("2008-12"), where it has one
    role: str | None = None  # which fact it supports: unit, name, head, functions, posts
    corrections: tuple[str, ...] = ()  # ids of the corrections applied (see ReadModel.corrections)


@dataclass(frozen=True, slots=True)
class PassageView:
    """Where a provision stands in its document, and its words."""

    section: str | None
    paragraph: str | None
    text: str


@dataclass(frozen=True, slots=True)
class VersionFacts:
    """What a unit version rests on: the provisions stating it, the one that ended it, its functions, and how
    precisely its start is known."""

    sources: tuple[ProvenanceView, ...]
    ended_by: ProvenanceView | None = None
    functions: tuple[str, ...] = ()
    valid_from_precision: str = "DAY"  # DAY | MONTH | YEAR: "2008-12" starts 2008-12-01, at MONTH precision

    def decoded(self) -> VersionFacts:
        return self


class Facts(Protocol):
    """A version's facts, or what decodes them when first asked for (``rows.StoredFacts``)."""

    def decoded(self) -> VersionFacts: ...


@dataclass(frozen=True, slots=True)
class UnitView:
    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    parent_id: str | None
    head_post: str | None
    head_reports_to: tuple[str, ...]
    valid_from: date
    valid_to: date | None
    facts: Facts

    @property
    def sources(self) -> tuple[ProvenanceView, ...]:
        return self.facts.decoded().sources

    @property
    def ended_by(self) -> ProvenanceView | None:
        return self.facts.decoded().ended_by

    @property
    def functions(self) -> tuple[str, ...]:
        return self.facts.decoded().functions

    @property
    def valid_from_precision(self) -> str:
        return self.facts.decoded().valid_from_precision


@dataclass(frozen=True, slots=True)
class IssuanceView:
    symbol: str
    title: str | None
    kind: str
    issued_on: str | None  # ISO, possibly partial ("2017-04")
    effective_on: date | None
    recorded: bool  # False: known only because others cite it
    department: str | None = None
    language: str | None = None
    source_sha256: str | None = None
    recorded_at: str | None = None


@dataclass(frozen=True, slots=True)
class AbolitionView:
    by: str
    target: str
    sections: tuple[str, ...]
    effective_on: date | None
    source: ProvenanceView


@dataclass(frozen=True, slots=True)
class RecordedSince:
    """What the issuances recorded after a projector position add to the catalogue of issuances."""

    issuances: tuple[IssuanceView, ...]  # by symbol
    abolitions: tuple[AbolitionView, ...]  # those they make, by symbol and seq
    citations: tuple[tuple[str, str], ...]  # (target, data) of what they abolish or cite, in recorded order


@dataclass(frozen=True, slots=True)
class ChangeView:
    unit_id: str
    effective_on: date
    change: str
    name: str | None
    before: str | None
    after: str | None
    source: ProvenanceView | None


@dataclass(frozen=True, slots=True)
class ProvisionView:
    symbol: str
    seq: int
    kind: str
    section: str | None
    paragraph: str | None
    text: str
    unit_id: str | None
    target: str | None
    data: str  # JSON


@dataclass(frozen=True)
class OrganizationState:
    """The whole organisation between two change points: every as-of date inside gets this answer."""

    as_of: date
    valid_from: date | None  # the change point this state starts at (None: before any)
    valid_to: date | None  # the next change point (None: none after)
    units: tuple[UnitView, ...]
    by_id: dict[str, UnitView] = field(default_factory=dict)
    children: dict[str, tuple[UnitView, ...]] = field(default_factory=dict)

    @property
    def roots(self) -> tuple[UnitView, ...]:
        return tuple(u for u in self.units if u.parent_id is None or u.parent_id not in self.by_id)


@dataclass(frozen=True, slots=True)
class CorrectionView:
    """One recorded correction: which provisions of which issuance, what the text said, what we conclude,
    why and who; recorded_at says from when our answers use it."""

    correction_id: str
    symbol: str
    seq: int
    section: str | None
    paragraph: str | None
    text: str  # the corrected provision's quoted text
    field: str  # unit | name | kind | parent | post | reports_to | text
    was: str
    now: str
    unit_id: str | None  # the unit the corrected provisions are about, after the correction
    was_unit_id: str | None  # ... and before it, when the correction moved them
    target_seqs: tuple[int, ...]
    reason: str
    author: str
    recorded_at: str
