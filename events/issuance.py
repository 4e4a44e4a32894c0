"""The Issuance aggregate: one document, recorded as the sequence of facts it states.

Every event carries an explicit, versioned TOPIC so that moving or renaming this code never breaks the
stored history. Provision events carry their place in the document (``location``), the quoted text and
an ordinal (``seq``) that keeps the document's own order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from events.values import (
    CitationRelation,
    CorrectedField,
    IssuanceKind,
    LineKind,
    ParagraphRef,
    PartialDate,
    PostCount,
    UnitKind,
)


def issuance_id(symbol: str) -> UUID:
    """One stream per symbol, so recording the same symbol twice meets the same stream."""
    return uuid5(NAMESPACE_URL, f"sgb:issuance:{normalise_symbol(symbol).upper()}")


def normalise_symbol(symbol: str) -> str:
    """Symbols as cited vary in spacing; their letters' case is kept for display."""
    return " ".join(symbol.split())


@dataclass(frozen=True, slots=True)
class ProvisionEntry:
    """What the aggregate remembers of each provision it stated: enough to aim a correction at it."""

    seq: int
    kind: str
    location: ParagraphRef | None
    unit_id: str | None
    name: str | None  # the unit name the provision states, if any
    quote: str  # the quoted text, and for functions their items too


class Issuance(Aggregate):
    TOPIC = "sgb.Issuance"

    class Stated(Aggregate.Event):
        """Base of the provision events added for "Extraction in depth": numbering and the index.
        Never triggered itself; its topic only satisfies the library's rule that every event names one."""

        TOPIC = "sgb.Issuance.Stated.base"

        seq: int
        location: ParagraphRef
        quote: str

        def apply(self, aggregate: Any) -> None:
            unit_id = getattr(self, "unit_id", None)
            name = getattr(self, "unit_name", None) or getattr(self, "new_name", None)
            items = " ".join(getattr(self, "items", ()))  # functions: the text a correction may aim at
            text = f"{self.quote} {items}" if items else self.quote
            aggregate.remember(self.seq, type(self).__name__, self.location, unit_id, name, text)

    class Created(Aggregate.Created):
        # The library defines a default creation event on every aggregate; ours is Recorded.
        TOPIC = "sgb.Issuance.Created.v1"

    class Recorded(Aggregate.Created):
        TOPIC = "sgb.Issuance.Recorded.v1"
        symbol: str
        kind: IssuanceKind
        title: str | None
        language: str
        issued_on: PartialDate | None
        effective_on: date | None
        department: str | None
        source_name: str
        source_sha256: str
        metadata_sources: dict[str, str]

    class UnitDefined(Aggregate.Event):
        TOPIC = "sgb.Issuance.UnitDefined.v1"
        seq: int
        unit_id: str
        name: str
        unit_kind: UnitKind
        parent_id: str | None
        location: ParagraphRef
        quote: str

    class HeadDefined(Aggregate.Event):
        TOPIC = "sgb.Issuance.HeadDefined.v1"
        seq: int
        unit_id: str
        post: str
        reports_to: list[str]
        location: ParagraphRef
        quote: str

    class NameResolved(Aggregate.Event):
        """The text named a unit in a way that had to be resolved; the reason is kept as data."""

        TOPIC = "sgb.Issuance.NameResolved.v1"
        seq: int
        name: str
        unit_id: str
        reason: str
        location: ParagraphRef
        quote: str

    class EntryIntoForceStated(Aggregate.Event):
        TOPIC = "sgb.Issuance.EntryIntoForceStated.v1"
        seq: int
        effective_on: date | None
        on_issue: bool
        location: ParagraphRef
        quote: str

    class IssuanceAbolished(Aggregate.Event):
        """This issuance abolishes another, or only some sections of it (``sections`` empty: whole)."""

        TOPIC = "sgb.Issuance.IssuanceAbolished.v1"
        seq: int
        target: str
        sections: list[str]
        cited_title: str | None
        cited_on: PartialDate | None
        location: ParagraphRef
        quote: str

    class IssuanceCited(Aggregate.Event):
        TOPIC = "sgb.Issuance.IssuanceCited.v1"
        seq: int
        target: str
        relation: CitationRelation
        cited_title: str | None
        location: ParagraphRef
        quote: str

    class WarningNoted(Aggregate.Event):
        """Something in the text a careful reader would flag; kept in the audit trail, not hidden."""

        TOPIC = "sgb.Issuance.WarningNoted.v1"
        seq: int
        message: str
        location: ParagraphRef | None
        quote: str

    class FunctionsStated(Stated):
        TOPIC = "sgb.Issuance.FunctionsStated.v1"
        unit_id: str
        items: list[str]

    class ReportingLineStated(Stated):
        TOPIC = "sgb.Issuance.ReportingLineStated.v1"
        from_post: str
        unit_id: str | None  # the unit of the post the line starts from, where known
        to_posts: list[str]
        line_kind: LineKind
        scope: str | None

    class SharedResourceStated(Stated):
        TOPIC = "sgb.Issuance.SharedResourceStated.v1"
        unit_names: list[str]
        unit_ids: list[str | None]
        shared_by: list[str]

    class PostsMoved(Stated):
        TOPIC = "sgb.Issuance.PostsMoved.v1"
        count: int
        grades: list[PostCount]
        from_unit: str
        to_unit: str
        unit_id: str | None  # the receiving unit, where it resolves to one

    class StaffingStated(Stated):
        TOPIC = "sgb.Issuance.StaffingStated.v1"
        period: str
        total: int
        grades: list[PostCount]
        proposed: bool

    class EstablishmentStated(Stated):
        """A past fact the document states, with its own date and precision and its authority."""

        TOPIC = "sgb.Issuance.EstablishmentStated.v1"
        unit_id: str
        unit_name: str
        unit_kind: UnitKind
        parent_id: str | None
        established_on: PartialDate
        authority: str | None

    class ProposalStated(Stated):
        """What a report proposes: recorded, never in force by itself."""

        TOPIC = "sgb.Issuance.ProposalStated.v1"
        text: str
        unit_name: str | None

    class UnitRenamed(Stated):
        """The document renames a unit; the unit keeps its id."""

        TOPIC = "sgb.Issuance.UnitRenamed.v1"
        unit_id: str
        old_name: str
        new_name: str

    class Corrected(Aggregate.Event):
        """An extraction defect handled in the open: which provision(s), what the text said (``was``),
        what we conclude (``now``), why, and who decided. The corrected provisions stay as recorded."""

        TOPIC = "sgb.Issuance.Corrected.v1"
        seq: int
        symbol: str
        recording: str  # the id of the save it was recorded in: corrections recorded together share it
        correction_id: str
        target_seqs: list[int]
        field: CorrectedField
        was: str
        now: str
        unit_id: str | None  # the unit the corrected provisions are about, after the correction
        was_unit_id: str | None  # ... and before it, when the correction moves them to another unit
        now_id: str | None  # for PARENT: the parent's id
        reason: str
        author: str
        location: ParagraphRef | None
        quote: str

        @property
        def unit_ids(self) -> tuple[str, ...]:
            """Every unit whose versions the correction can change."""
            return tuple(u for u in (self.unit_id, self.was_unit_id) if u is not None)

        def apply(self, aggregate: Any) -> None:
            aggregate.provision_count = self.seq
            aggregate.corrections.add(self.correction_id)

    @event(Recorded)
    def __init__(
        self,
        symbol: str,
        kind: IssuanceKind,
        title: str | None,
        language: str,
        issued_on: PartialDate | None,
        effective_on: date | None,
        department: str | None,
        source_name: str,
        source_sha256: str,
        metadata_sources: dict[str, str],
    ) -> None:
        self.symbol = symbol
        self.kind = kind
        self.source_sha256 = source_sha256
        self.provision_count = 0
        self.provisions: dict[int, ProvisionEntry] = {}
        self.corrections: set[str] = set()

    def remember(
        self,
        seq: int,
        kind: str,
        location: ParagraphRef | None,
        unit_id: str | None,
        name: str | None,
        quote: str,
    ) -> None:
        self.provision_count = seq
        self.provisions[seq] = ProvisionEntry(seq, kind, location, unit_id, name, quote)

    def state(self, event_class: type[Stated], **fields: Any) -> None:
        """Trigger one of the provision events that carry their own ``apply`` (the ``Stated`` family)."""
        self.trigger_event(event_class, **fields)

    def correct(self, **fields: Any) -> None:
        """Record a correction once: a correction id already recorded records nothing."""
        if fields["correction_id"] not in self.corrections:
            self.trigger_event(self.Corrected, seq=self.provision_count + 1, symbol=self.symbol, **fields)

    @staticmethod
    def create_id(symbol: str, **_: Any) -> UUID:
        return issuance_id(symbol)

    @event(UnitDefined)
    def define_unit(
        self,
        seq: int,
        unit_id: str,
        name: str,
        unit_kind: UnitKind,
        parent_id: str | None,
        location: ParagraphRef,
        quote: str,
    ) -> None:
        self.remember(seq, "UnitDefined", location, unit_id, name, quote)

    @event(HeadDefined)
    def define_head(
        self, seq: int, unit_id: str, post: str, reports_to: list[str], location: ParagraphRef, quote: str
    ) -> None:
        self.remember(seq, "HeadDefined", location, unit_id, None, quote)

    @event(NameResolved)
    def resolve_name(
        self, seq: int, name: str, unit_id: str, reason: str, location: ParagraphRef, quote: str
    ) -> None:
        self.remember(seq, "NameResolved", location, unit_id, name, quote)

    @event(EntryIntoForceStated)
    def state_entry_into_force(
        self, seq: int, effective_on: date | None, on_issue: bool, location: ParagraphRef, quote: str
    ) -> None:
        self.remember(seq, "EntryIntoForceStated", location, None, None, quote)

    @event(IssuanceAbolished)
    def abolish(
        self,
        seq: int,
        target: str,
        sections: list[str],
        cited_title: str | None,
        cited_on: PartialDate | None,
        location: ParagraphRef,
        quote: str,
    ) -> None:
        self.remember(seq, "IssuanceAbolished", location, None, None, quote)

    @event(IssuanceCited)
    def cite(
        self,
        seq: int,
        target: str,
        relation: CitationRelation,
        cited_title: str | None,
        location: ParagraphRef,
        quote: str,
    ) -> None:
        self.remember(seq, "IssuanceCited", location, None, None, quote)

    @event(WarningNoted)
    def note_warning(self, seq: int, message: str, location: ParagraphRef | None, quote: str) -> None:
        self.remember(seq, "WarningNoted", location, None, None, quote)
