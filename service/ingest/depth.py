"""The provisions of "extraction in depth" (functions, lines, shared resources, posts, staffing, past
establishments, proposals, renames) as events of the Issuance they stand in."""

from __future__ import annotations

from typing import Any

from events.issuance import Issuance, normalise_symbol
from events.values import LineKind, ParagraphRef, PartialDate, PostCount, UnitKind
from service.parsing.model import (
    FunctionsDefinition,
    Location,
    PastEstablishment,
    PostMovement,
    Proposal,
    ReportingLine,
    SharedResource,
    StaffingTable,
)
from service.parsing.model import PostCount as ParsedPostCount

# ParsedDocument fields read here, in this order; ``renames`` only once the parser provides it.
DEPTH_FIELDS = (
    "functions",
    "lines",
    "shared_resources",
    "post_movements",
    "staffing",
    "past_establishments",
    "proposals",
    "renames",
)

DepthProvision = (
    FunctionsDefinition
    | ReportingLine
    | SharedResource
    | PostMovement
    | StaffingTable
    | PastEstablishment
    | Proposal
)


def _at(location: Location) -> dict[str, Any]:
    return {"location": ParagraphRef(location.section, location.paragraph), "quote": location.quote}


def _grades(grades: tuple[ParsedPostCount, ...]) -> list[PostCount]:
    return [PostCount(g.grade, g.count) for g in grades]


def unit_named(issuance: Issuance, name: str) -> str | None:
    """The id of the unit this issuance has named ``name`` so far (a definition, a resolution, a past
    establishment), or None: a name the document never ties to a unit stays a name."""
    for entry in reversed(issuance.provisions.values()):
        if entry.name == name and entry.unit_id is not None:
            return entry.unit_id
    return None


def state_in_depth(issuance: Issuance, seq: int, provision: Any) -> None:
    """One event for one provision; an unknown provision type is a programming error, not data."""
    match provision:
        case FunctionsDefinition(unit_key=key, items=items, location=at):
            issuance.state(Issuance.FunctionsStated, seq=seq, unit_id=key, items=list(items), **_at(at))
        case ReportingLine(
            from_post=post, from_unit_key=key, to_posts=to, kind=kind, scope=scope, location=at
        ):
            issuance.state(
                Issuance.ReportingLineStated,
                seq=seq,
                from_post=post,
                unit_id=key,
                to_posts=list(to),
                line_kind=LineKind(kind.value),
                scope=scope,
                **_at(at),
            )
        case SharedResource(unit_names=names, unit_keys=keys, shared_by=by, location=at):
            issuance.state(
                Issuance.SharedResourceStated,
                seq=seq,
                unit_names=list(names),
                unit_ids=list(keys),
                shared_by=list(by),
                **_at(at),
            )
        case PostMovement(count=count, grades=grades, from_unit=source, to_unit=target, location=at):
            issuance.state(
                Issuance.PostsMoved,
                seq=seq,
                count=count,
                grades=_grades(grades),
                from_unit=source,
                to_unit=target,
                unit_id=unit_named(issuance, target),
                **_at(at),
            )
        case StaffingTable(period=period, total=total, grades=grades, proposed=proposed, location=at):
            issuance.state(
                Issuance.StaffingStated,
                seq=seq,
                period=period,
                total=total,
                grades=_grades(grades),
                proposed=proposed,
                **_at(at),
            )
        case _:
            _state_more(issuance, seq, provision)


def _state_more(issuance: Issuance, seq: int, provision: Any) -> None:
    match provision:
        case PastEstablishment(location=at) as past:
            issuance.state(
                Issuance.EstablishmentStated,
                seq=seq,
                unit_id=past.unit_key,
                unit_name=past.unit_name,
                unit_kind=UnitKind(past.kind.value),
                parent_id=past.parent_key,
                established_on=PartialDate.parse(past.established_on),
                authority=normalise_symbol(past.authority) if past.authority else None,
                **_at(at),
            )
        case Proposal(text=text, unit_name=name, location=at):
            issuance.state(Issuance.ProposalStated, seq=seq, text=text, unit_name=name, **_at(at))
        case _ if _is_rename(provision):
            issuance.state(
                Issuance.UnitRenamed,
                seq=seq,
                unit_id=provision.unit_key,
                old_name=provision.old_name,
                new_name=provision.new_name,
                **_at(provision.location),
            )
        case _:
            raise TypeError(f"no event for the provision {type(provision).__name__}")


def _is_rename(provision: Any) -> bool:
    """The parser's rename (old_name, new_name, unit_key), recognised by shape until its type lands."""
    return all(hasattr(provision, f) for f in ("old_name", "new_name", "unit_key", "location"))
