"""The Issuance aggregate: one document, recorded as the sequence of facts it states.

Every event carries an explicit, versioned TOPIC so that moving or renaming this code never breaks the
stored history. Provision events carry their place in the document (``location``), the quoted text and
an ordinal (``seq``) that keeps the document's own order.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from events.values import CitationRelation, IssuanceKind, ParagraphRef, PartialDate, UnitKind


def issuance_id(symbol: str) -> UUID:
    """One stream per symbol, so recording the same symbol twice meets the same stream."""
    return uuid5(NAMESPACE_URL, f"sgb:issuance:{normalise_symbol(symbol).upper()}")


def normalise_symbol(symbol: str) -> str:
    """Symbols as cited vary in spacing; their letters' case is kept for display."""
    return " ".join(symbol.split())


class Issuance(Aggregate):
    TOPIC = "sgb.Issuance"

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
        self.provision_count = seq

    @event(HeadDefined)
    def define_head(
        self, seq: int, unit_id: str, post: str, reports_to: list[str], location: ParagraphRef, quote: str
    ) -> None:
        self.provision_count = seq

    @event(NameResolved)
    def resolve_name(
        self, seq: int, name: str, unit_id: str, reason: str, location: ParagraphRef, quote: str
    ) -> None:
        self.provision_count = seq

    @event(EntryIntoForceStated)
    def state_entry_into_force(
        self, seq: int, effective_on: date | None, on_issue: bool, location: ParagraphRef, quote: str
    ) -> None:
        self.provision_count = seq

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
        self.provision_count = seq

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
        self.provision_count = seq

    @event(WarningNoted)
    def note_warning(self, seq: int, message: str, location: ParagraphRef | None, quote: str) -> None:
        self.provision_count = seq
