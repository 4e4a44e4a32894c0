"""From domain events to rows: the issuance row and one provision row per provision event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

import orjson

from events.issuance import Issuance, normalise_symbol
from events.values import ParagraphRef


class ProvisionKind:
    UNIT_DEFINED: Final = "UNIT_DEFINED"
    HEAD_DEFINED: Final = "HEAD_DEFINED"
    NAME_RESOLVED: Final = "NAME_RESOLVED"
    ENTRY_INTO_FORCE: Final = "ENTRY_INTO_FORCE"
    ABOLISHES: Final = "ABOLISHES"
    CITES: Final = "CITES"
    WARNING: Final = "WARNING"
    FUNCTIONS: Final = "FUNCTIONS"
    REPORTING_LINE: Final = "REPORTING_LINE"
    SHARED_RESOURCE: Final = "SHARED_RESOURCE"
    POSTS_MOVED: Final = "POSTS_MOVED"
    STAFFING: Final = "STAFFING"
    ESTABLISHMENT: Final = (
        "ESTABLISHMENT"  # a past fact: a unit established on a (partial) date, by an authority
    )
    PROPOSAL: Final = "PROPOSAL"  # what a report proposes: never in force
    UNIT_RENAMED: Final = "UNIT_RENAMED"
    CORRECTED: Final = (
        "CORRECTED"  # an override of earlier provisions of the same issuance; they stay as recorded
    )


def json_text(value: Any) -> str:
    """JSON as the read models store it: compact, keys sorted; dataclasses (provenance) in field order.
    Every reader parses it (the stdlib encoder's spaced text, in rows written before, reads the same)."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def json_utf8(value: Any, sort_keys: bool = True) -> bytes:
    """``json_text``'s JSON in UTF-8, as the projector's rows hold it (see ``Source.as_json``); unless
    ``sort_keys``, dicts keep their order. Copied to its own length: what orjson returns keeps a 4 KiB
    buffer whatever its length (300,000 sources held took 1.2 GB rather than 0.1)."""
    return bytes(memoryview(orjson.dumps(value, option=orjson.OPT_SORT_KEYS if sort_keys else None)))


def recorded_time(moment: datetime) -> str:
    """Recorded time as stored: UTC, microseconds, so that text order is time order."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


# Not frozen, for speed, as ``validity.Source`` (which says why).
@dataclass(slots=True)
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
            json_utf8(self.data),
            recorded_at,
        )


def _place(location: ParagraphRef | None) -> tuple[str | None, str | None]:
    return (location.section, location.paragraph) if location else (None, None)


def provision_row(symbol: str, event: Issuance.Event) -> ProvisionRow | None:
    """The provision an event states, or None for events that are not provisions."""
    row = _ROW_BUILDERS.get(type(event))
    if row:
        built: ProvisionRow = row(symbol, event)
        return built
    depth = _DEPTH_ROWS.get(type(event))
    if depth is None:
        return None
    kind, data = depth
    return ProvisionRow(
        symbol,
        event.seq,  # type: ignore[attr-defined]
        kind,
        *_place(event.location),  # type: ignore[attr-defined]
        event.quote,  # type: ignore[attr-defined]
        getattr(event, "unit_id", None),
        None,
        data(event),
    )


def _grades(grades: list[Any]) -> list[list[Any]]:
    return [[g.grade, g.count] for g in grades]


def _corrected(e: Any) -> dict[str, Any]:
    return {
        "correction_id": e.correction_id,
        "target_seqs": list(e.target_seqs),
        "field": e.field.value,
        "was": e.was,
        "now": e.now,
        "was_unit_id": e.was_unit_id,
        "now_id": e.now_id,
        "reason": e.reason,
        "author": e.author,
    }


_DEPTH_ROWS: dict[type[Any], tuple[str, Any]] = {
    Issuance.FunctionsStated: (ProvisionKind.FUNCTIONS, lambda e: {"items": list(e.items)}),
    Issuance.ReportingLineStated: (
        ProvisionKind.REPORTING_LINE,
        lambda e: {
            "from_post": e.from_post,
            "to_posts": list(e.to_posts),
            "line_kind": e.line_kind.value,
            "scope": e.scope,
        },
    ),
    Issuance.SharedResourceStated: (
        ProvisionKind.SHARED_RESOURCE,
        lambda e: {
            "unit_names": list(e.unit_names),
            "unit_ids": list(e.unit_ids),
            "shared_by": list(e.shared_by),
        },
    ),
    Issuance.PostsMoved: (
        ProvisionKind.POSTS_MOVED,
        lambda e: {
            "count": e.count,
            "grades": _grades(e.grades),
            "from_unit": e.from_unit,
            "to_unit": e.to_unit,
        },
    ),
    Issuance.StaffingStated: (
        ProvisionKind.STAFFING,
        lambda e: {"period": e.period, "total": e.total, "grades": _grades(e.grades), "proposed": e.proposed},
    ),
    Issuance.EstablishmentStated: (
        ProvisionKind.ESTABLISHMENT,
        lambda e: {
            "name": e.unit_name,
            "kind": e.unit_kind.value,
            "parent_id": e.parent_id,
            "established_on": e.established_on.isoformat(),
            "precision": e.established_on.precision.value,
            "authority": e.authority,
        },
    ),
    Issuance.ProposalStated: (ProvisionKind.PROPOSAL, lambda e: {"text": e.text, "unit_name": e.unit_name}),
    Issuance.UnitRenamed: (
        ProvisionKind.UNIT_RENAMED,
        lambda e: {"old_name": e.old_name, "name": e.new_name},
    ),
    Issuance.Corrected: (ProvisionKind.CORRECTED, _corrected),
}


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
        json_text(event.metadata_sources),
        recorded_at,
        position,
    )
