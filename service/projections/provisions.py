"""From domain events to rows: the issuance row and one provision row per provision event."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from events.issuance import Issuance, normalise_symbol
from events.values import ParagraphRef


class ProvisionKind:
    UNIT_DEFINED = "UNIT_DEFINED"
    HEAD_DEFINED = "HEAD_DEFINED"
    NAME_RESOLVED = "NAME_RESOLVED"
    ENTRY_INTO_FORCE = "ENTRY_INTO_FORCE"
    ABOLISHES = "ABOLISHES"
    CITES = "CITES"
    WARNING = "WARNING"


def recorded_time(moment: datetime) -> str:
    """Recorded time as stored: UTC, microseconds, so that text order is time order."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True, slots=True)
class ProvisionRow:
    symbol: str
    seq: int
    kind: str
    section: str | None
    paragraph: str | None
    quote: str
    unit_id: str | None
    target: str | None
    data: dict[str, Any]

    def as_params(self, recorded_at: str) -> tuple[Any, ...]:
        return (
            self.symbol,
            self.seq,
            self.kind,
            self.section,
            self.paragraph,
            self.quote,
            self.unit_id,
            self.target,
            json.dumps(self.data, ensure_ascii=False, sort_keys=True),
            recorded_at,
        )


def _place(location: ParagraphRef | None) -> tuple[str | None, str | None]:
    return (location.section, location.paragraph) if location else (None, None)


def provision_row(symbol: str, event: Issuance.Event) -> ProvisionRow | None:
    """The provision an event states, or None for events that are not provisions."""
    row = _ROW_BUILDERS.get(type(event))
    return row(symbol, event) if row else None


def _unit_defined(symbol: str, e: Any) -> ProvisionRow:
    return ProvisionRow(
        symbol,
        e.seq,
        ProvisionKind.UNIT_DEFINED,
        *_place(e.location),
        e.quote,
        e.unit_id,
        None,
        {"name": e.name, "kind": e.unit_kind.value, "parent_id": e.parent_id},
    )


def _head_defined(symbol: str, e: Any) -> ProvisionRow:
    return ProvisionRow(
        symbol,
        e.seq,
        ProvisionKind.HEAD_DEFINED,
        *_place(e.location),
        e.quote,
        e.unit_id,
        None,
        {"post": e.post, "reports_to": list(e.reports_to)},
    )


def _name_resolved(symbol: str, e: Any) -> ProvisionRow:
    return ProvisionRow(
        symbol,
        e.seq,
        ProvisionKind.NAME_RESOLVED,
        *_place(e.location),
        e.quote,
        e.unit_id,
        None,
        {"name": e.name, "reason": e.reason},
    )


def _entry_into_force(symbol: str, e: Any) -> ProvisionRow:
    effective = e.effective_on.isoformat() if e.effective_on else None
    return ProvisionRow(
        symbol,
        e.seq,
        ProvisionKind.ENTRY_INTO_FORCE,
        *_place(e.location),
        e.quote,
        None,
        None,
        {"effective_on": effective, "on_issue": e.on_issue},
    )


def _abolishes(symbol: str, e: Any) -> ProvisionRow:
    cited_on = e.cited_on.isoformat() if e.cited_on else None
    return ProvisionRow(
        symbol,
        e.seq,
        ProvisionKind.ABOLISHES,
        *_place(e.location),
        e.quote,
        None,
        normalise_symbol(e.target),
        {"sections": list(e.sections), "cited_title": e.cited_title, "cited_on": cited_on},
    )


def _cites(symbol: str, e: Any) -> ProvisionRow:
    return ProvisionRow(
        symbol,
        e.seq,
        ProvisionKind.CITES,
        *_place(e.location),
        e.quote,
        None,
        normalise_symbol(e.target),
        {"relation": e.relation.value, "cited_title": e.cited_title},
    )


def _warning(symbol: str, e: Any) -> ProvisionRow:
    return ProvisionRow(
        symbol, e.seq, ProvisionKind.WARNING, *_place(e.location), e.quote, None, None, {"message": e.message}
    )


_ROW_BUILDERS: dict[type[Any], Any] = {
    Issuance.UnitDefined: _unit_defined,
    Issuance.HeadDefined: _head_defined,
    Issuance.NameResolved: _name_resolved,
    Issuance.EntryIntoForceStated: _entry_into_force,
    Issuance.IssuanceAbolished: _abolishes,
    Issuance.IssuanceCited: _cites,
    Issuance.WarningNoted: _warning,
}


def issuance_params(event: Issuance.Recorded, recorded_at: str, position: int) -> tuple[Any, ...]:
    return (
        normalise_symbol(event.symbol),
        event.kind.value,
        event.title,
        event.language,
        event.issued_on.isoformat() if event.issued_on else None,
        event.effective_on.isoformat() if event.effective_on else None,
        event.department,
        event.source_name,
        event.source_sha256,
        json.dumps(event.metadata_sources, ensure_ascii=False, sort_keys=True),
        recorded_at,
        position,
    )
