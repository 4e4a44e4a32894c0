"""From a parsed document to the Issuance aggregate: one event per provision, in the document's order."""

from __future__ import annotations

from pathlib import Path

from events.issuance import Issuance, normalise_symbol
from events.values import CitationRelation, IssuanceKind, ParagraphRef, PartialDate, UnitKind
from service.ingest.depth import DEPTH_FIELDS, DepthProvision, state_in_depth
from service.parsing import DocumentError, ParsedDocument
from service.parsing.model import (
    Abolition,
    Citation,
    EntryIntoForce,
    HeadDefinition,
    Location,
    NameResolution,
    UnitDefinition,
    Warning,
)

Provision = (
    UnitDefinition
    | HeadDefinition
    | NameResolution
    | EntryIntoForce
    | Abolition
    | Citation
    | Warning
    | DepthProvision
)


def build_issuance(parsed: ParsedDocument, sha256: str) -> Issuance:
    meta = parsed.metadata
    try:
        kind = IssuanceKind(meta.kind)
    except ValueError:
        known = ", ".join(k.value for k in IssuanceKind)
        raise DocumentError(parsed.source_name, f"unknown kind {meta.kind!r}; use one of {known}") from None
    issuance = Issuance(
        symbol=normalise_symbol(meta.symbol),
        kind=kind,
        title=meta.title,
        language=meta.language,
        issued_on=PartialDate.parse(meta.issued_on) if meta.issued_on else None,
        effective_on=meta.effective_on,
        department=parsed.department,
        source_name=Path(parsed.source_name).name,
        source_sha256=sha256,
        metadata_sources=dict(meta.sources),
    )
    for seq, provision in enumerate(in_document_order(parsed), start=1):
        _state(issuance, seq, provision)
    return issuance


def in_document_order(parsed: ParsedDocument) -> list[Provision]:
    provisions: list[Provision] = [
        *parsed.units,
        *parsed.heads,
        *parsed.resolutions,
        *parsed.abolitions,
        *parsed.citations,
        *parsed.warnings,
        *(p for name in DEPTH_FIELDS for p in getattr(parsed, name, ())),
    ]
    if parsed.entry_into_force is not None:
        provisions.append(parsed.entry_into_force)
    return sorted(provisions, key=lambda p: p.location.span.start if p.location else 0)


def _ref(location: Location) -> ParagraphRef:
    return ParagraphRef(location.section, location.paragraph)


def _state(issuance: Issuance, seq: int, provision: Provision) -> None:
    match provision:
        case UnitDefinition(key=key, name=name, kind=kind, parent_key=parent, location=at):
            issuance.define_unit(
                seq=seq,
                unit_id=key,
                name=name,
                unit_kind=UnitKind(kind.value),
                parent_id=parent,
                location=_ref(at),
                quote=at.quote,
            )
        case HeadDefinition(unit_key=key, post=post, reports_to=superiors, location=at):
            issuance.define_head(
                seq=seq, unit_id=key, post=post, reports_to=list(superiors), location=_ref(at), quote=at.quote
            )
        case NameResolution(name=name, unit_key=key, reason=reason, location=at):
            issuance.resolve_name(
                seq=seq, name=name, unit_id=key, reason=reason, location=_ref(at), quote=at.quote
            )
        case EntryIntoForce(effective_on=effective, on_issue=on_issue, location=at):
            issuance.state_entry_into_force(
                seq=seq, effective_on=effective, on_issue=on_issue, location=_ref(at), quote=at.quote
            )
        case Abolition(
            target_symbol=target, sections=sections, cited_title=title, cited_on=cited, location=at
        ):
            issuance.abolish(
                seq=seq,
                target=normalise_symbol(target),
                sections=list(sections),
                cited_title=title,
                cited_on=PartialDate.parse(cited) if cited else None,
                location=_ref(at),
                quote=at.quote,
            )
        case Citation(target_symbol=target, relation=relation, cited_title=title, location=at):
            issuance.cite(
                seq=seq,
                target=normalise_symbol(target),
                relation=CitationRelation(relation.value),
                cited_title=title,
                location=_ref(at),
                quote=at.quote,
            )
        case Warning(message=message, location=at):
            issuance.note_warning(
                seq=seq, message=message, location=_ref(at) if at else None, quote=at.quote if at else ""
            )
        case _:
            state_in_depth(issuance, seq, provision)
