"""The whole pipeline: normalise -> segment -> metadata and references -> recognise -> resolve.

``parse_document`` is the only entry point; it either returns a ``ParsedDocument`` or raises
``DocumentError`` naming the file and the problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .assemble import Assembly, rename_records, resolution_records
from .budget import find_budget_items
from .checks import inconsistent_names, place_by_reporting_line, settle_misnamed_heads
from .defects import document_defects
from .functions import find_functions
from .lines import find_lines
from .metadata import build_metadata, find_entry_into_force, read_header, resolve_entry_into_force
from .model import (
    Citation,
    DocumentError,
    FunctionsDefinition,
    HeadDefinition,
    Hints,
    Kind,
    Location,
    Metadata,
    NameResolution,
    ParsedDocument,
    Rename,
    ReportingLine,
    Section,
    SharedResource,
    Span,
    UnitDefinition,
    Warning,
)
from .normalise import normalise
from .proposals import find_proposals
from .recognise import recognise
from .references import find_abolitions, find_citations
from .resolve import Unit, unit_key
from .segment import all_paragraphs, location_of, segment
from .shared import find_shared_resources
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


@dataclass
class _Structure:
    """What an organisation bulletin says about its department's structure; empty for other documents."""

    units: list[UnitDefinition] = field(default_factory=list)
    heads: list[HeadDefinition] = field(default_factory=list)
    resolutions: list[NameResolution] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    functions: list[FunctionsDefinition] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    lines: list[ReportingLine] = field(default_factory=list)
    shared: list[SharedResource] = field(default_factory=list)
    renames: list[Rename] = field(default_factory=list)


def _structure(sections: tuple[Section, ...], text: str, metadata: Metadata) -> _Structure:
    department = department_of(metadata.title)
    if department is None or metadata.title is None:
        return _Structure()
    assembly = _organisation(sections, text, department, metadata.title)
    units, duplicate_warnings = _unit_definitions(assembly, department)
    functions = find_functions(assembly, sections, department, metadata.symbol)
    return _Structure(
        units=units,
        heads=_head_definitions(assembly, department),
        resolutions=resolution_records(assembly, department),
        warnings=assembly.warnings + duplicate_warnings + functions.warnings,
        functions=functions.functions,
        citations=functions.citations,
        lines=find_lines(assembly, sections, department),
        shared=find_shared_resources(assembly, sections, department),
        renames=rename_records(assembly, department),
    )


def _merge_citations(general: list[Citation], specific: list[Citation]) -> list[Citation]:
    """A specific citation (with the sections cited) replaces a general one of the same paragraph."""
    where = {(c.target_symbol, c.relation, c.location.paragraph) for c in specific}
    kept = [c for c in general if (c.target_symbol, c.relation, c.location.paragraph) not in where]
    return kept + specific


def parse_document(raw: bytes, source_name: str, hints: Hints = Hints()) -> ParsedDocument:  # noqa: B008
    text = normalise(raw, source_name)
    sections = segment(text)
    _require_issuance(sections, source_name)
    clause = find_entry_into_force(sections)
    metadata = build_metadata(read_header(sections, text), clause, hints, source_name)
    structure = _structure(sections, text, metadata)
    citations = _merge_citations(find_citations(sections, metadata.symbol), structure.citations)
    abolitions = find_abolitions(sections, metadata.symbol)
    budget = find_budget_items(text, sections)
    return ParsedDocument(
        source_name=source_name,
        text=text,
        metadata=metadata,
        department=department_of(metadata.title),
        sections=sections,
        units=tuple(structure.units),
        heads=tuple(structure.heads),
        resolutions=tuple(structure.resolutions),
        entry_into_force=resolve_entry_into_force(clause, metadata),
        abolitions=tuple(abolitions),
        citations=tuple(citations),
        warnings=tuple(
            structure.warnings + document_defects(text, sections, (citations, abolitions), metadata.title)
        ),
        functions=tuple(structure.functions),
        lines=tuple(structure.lines),
        shared_resources=tuple(structure.shared),
        post_movements=tuple(budget.movements),
        staffing=tuple(budget.staffing),
        past_establishments=tuple(budget.establishments),
        proposals=tuple(find_proposals(sections) if metadata.kind == "report" else ()),
        renames=tuple(structure.renames),
    )
