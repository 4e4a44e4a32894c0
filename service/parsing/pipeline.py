"""The whole pipeline: normalise -> segment -> metadata and references -> recognise -> resolve.

``parse_document`` is the only entry point; it either returns a ``ParsedDocument`` or raises
``DocumentError`` naming the file and the problem.
"""

from __future__ import annotations

import re

from .assemble import Assembly, resolution_records
from .checks import inconsistent_names, place_by_reporting_line, settle_misnamed_heads
from .metadata import build_metadata, find_entry_into_force, read_header, resolve_entry_into_force
from .model import (
    DocumentError,
    HeadDefinition,
    Hints,
    Kind,
    Location,
    ParsedDocument,
    Section,
    Span,
    UnitDefinition,
    Warning,
)
from .normalise import normalise
from .recognise import recognise
from .references import find_abolitions, find_citations
from .resolve import Unit, unit_key
from .segment import all_paragraphs, location_of, segment
from .units import unit_suffix

ORGANISATION_TITLE = re.compile(r"^(?P<department>.+?)(?:的)?组织$")


def department_of(title: str | None) -> str | None:
    """ "外勤支助部的组织" / "安全和安保部组织" -> the department the document organises."""
    match = ORGANISATION_TITLE.match(title or "")
    return match.group("department") if match and unit_suffix(match.group("department")) else None


def _department_location(sections: tuple[Section, ...], department: str, title: str) -> Location:
    paragraphs = list(all_paragraphs(sections))
    stated = next((p for p in paragraphs if p.text == title), None) or next(
        (p for p in paragraphs if department in p.text), None
    )
    return location_of(stated) if stated else Location(None, None, title, Span(0, 0))


def _require_issuance(sections: tuple[Section, ...], source_name: str) -> None:
    numbered = any(p.number for p in all_paragraphs(sections)) or any(s.number for s in sections)
    if not numbered:
        raise DocumentError(
            source_name,
            "this does not look like an issuance: it has no numbered sections (第 N 节) or paragraphs (1.1)",
        )


def _unit_definitions(assembly: Assembly, department: str) -> tuple[list[UnitDefinition], list[Warning]]:
    definitions: dict[str, UnitDefinition] = {}
    warnings: list[Warning] = []
    units = [assembly.department, *assembly.units] if assembly.department else assembly.units
    for unit in units:
        key = unit_key(unit, department)
        parent_key = unit_key(unit.parent, department) if unit.parent else None
        if key in definitions:
            warnings.append(
                Warning(f"'{unit.name}' is defined twice; the first definition is kept", unit.location)
            )
            continue
        definitions[key] = UnitDefinition(key, unit.name, unit.kind, parent_key, unit.location)
    return list(definitions.values()), warnings


def _head_definitions(assembly: Assembly, department: str) -> list[HeadDefinition]:
    heads: dict[tuple[str, str], HeadDefinition] = {}
    for head in assembly.heads:
        key = unit_key(head.unit, department)
        if (key, head.post) not in heads:
            heads[(key, head.post)] = HeadDefinition(key, head.post, head.reports_to, head.context.location)
    return list(heads.values())


def _organisation(sections: tuple[Section, ...], text: str, department: str, title: str) -> Assembly:
    location = _department_location(sections, department, title)
    root = Unit(department, Kind.DEPARTMENT, None, location, None, "department", referenced=True)
    assembly = Assembly(root, text)
    assembly.run(recognise(sections))
    settle_misnamed_heads(assembly)
    place_by_reporting_line(assembly)
    inconsistent_names(assembly)
    return assembly


def parse_document(raw: bytes, source_name: str, hints: Hints = Hints()) -> ParsedDocument:  # noqa: B008
    text = normalise(raw, source_name)
    sections = segment(text)
    _require_issuance(sections, source_name)
    clause = find_entry_into_force(sections)
    metadata = build_metadata(read_header(sections, text), clause, hints, source_name)
    department = department_of(metadata.title)
    units: list[UnitDefinition] = []
    heads: list[HeadDefinition] = []
    resolutions = []
    warnings: list[Warning] = []
    if department is not None and metadata.title is not None:
        assembly = _organisation(sections, text, department, metadata.title)
        units, duplicate_warnings = _unit_definitions(assembly, department)
        heads = _head_definitions(assembly, department)
        resolutions = resolution_records(assembly, department)
        warnings = assembly.warnings + duplicate_warnings
    return ParsedDocument(
        source_name=source_name,
        text=text,
        metadata=metadata,
        department=department,
        sections=sections,
        units=tuple(units),
        heads=tuple(heads),
        resolutions=tuple(resolutions),
        entry_into_force=resolve_entry_into_force(clause, metadata),
        abolitions=tuple(find_abolitions(sections, metadata.symbol)),
        citations=tuple(find_citations(sections, metadata.symbol)),
        warnings=tuple(warnings),
    )
