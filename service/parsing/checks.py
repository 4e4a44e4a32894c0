"""Stage 5c: doubts the text itself raises, settled only where a general rule makes the answer certain.

A head statement naming a unit out of context (DPKO §7.1: "行动厅由一名军事顾问领导" in section 7, 军事厅)
is read as the section's unit when (a) the named unit has its own section, (b) its head is stated there,
and (c) the section it stands in names no other head for its own unit. Both the reading and a warning are
recorded.

Two names for one unit (外勤支助处 in a composition list, 外勤支助事务司 described in a section of its own)
cannot be settled by a rule; they are kept apart and flagged: same parent, one listed but never described,
the other described but never listed, and similar stems.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from .assemble import Assembly, Head
from .model import Warning
from .resolve import Unit
from .units import split_unit_and_post, unit_suffix

SIMILAR_STEMS = 0.5
CONTRACTED_HEAD = re.compile(r"[司处科股组队厅]长$")


def _misplaced(head: Head, assembly: Assembly) -> Unit | None:
    """The section's unit, if ``head`` names a unit whose own section already gives it a head."""
    stated_in = head.context.section
    section_unit = assembly.section_units.get(stated_in)
    own_section = next((s for s, u in assembly.section_units.items() if u is head.unit), None)
    if section_unit is None or section_unit is head.unit or own_section in (None, stated_in):
        return None
    headed_at_home = any(
        other.unit is head.unit and other is not head and other.context.section == own_section
        for other in assembly.heads
    )
    section_headed = any(other.unit is section_unit for other in assembly.heads)
    return section_unit if headed_at_home and not section_headed else None


def settle_misnamed_heads(assembly: Assembly) -> None:
    for head in assembly.heads:
        section_unit = _misplaced(head, assembly)
        if section_unit is None:
            continue
        named = head.unit
        location = head.context.location
        reason = (
            f"paragraph {location.paragraph} says '{named.name}' is headed by {head.post}, but it stands in "
            f"section {head.context.section} ({section_unit.name}), and '{named.name}' has its own section "
            f"and head; read as the head of '{section_unit.name}'"
        )
        assembly.resolutions.append((named.name, section_unit, reason, location))
        assembly.warnings.append(Warning(f"the text names the wrong unit: {reason}", location))
        head.unit = section_unit


def _stem(unit: Unit) -> str:
    suffix = unit_suffix(unit.name) or ""
    return unit.name.removesuffix(suffix).replace("事务", "")


def _where(unit: Unit) -> str:
    paragraph = unit.location.paragraph
    return f"paragraph {paragraph}" if paragraph else f"section {unit.section}"


def inconsistent_names(assembly: Assembly) -> None:
    parents = {id(u.parent): u.parent for u in assembly.units if u.parent is not None}
    for parent in parents.values():
        children = [u for u in assembly.units if u.parent is parent]
        unexplained = [u for u in children if u.listed and not u.referenced]
        unlisted = [u for u in children if not u.listed]
        for listed in unexplained:
            if not unlisted:
                break
            best = max(unlisted, key=lambda u: SequenceMatcher(None, _stem(listed), _stem(u)).ratio())
            if SequenceMatcher(None, _stem(listed), _stem(best)).ratio() < SIMILAR_STEMS:
                continue
            unlisted.remove(best)
            assembly.warnings.append(
                Warning(
                    f"'{listed.name}' ({_where(listed)}) and '{best.name}' ({_where(best)}) may be one unit "
                    f"of '{parent.name}' named two ways: the first is listed but never described, the "
                    "second described but never listed; both are kept",
                    listed.location,
                )
            )


def _superior_unit_name(superior: str) -> str | None:
    """ "政策、评价和培训司司长" -> "政策、评价和培训司"; the contracted "区域司长" -> "区域司"."""
    split = split_unit_and_post(superior)
    if split is not None:
        return split[0]
    if CONTRACTED_HEAD.search(superior) and len(superior) > len("某司长"):
        return superior[:-1]
    return None


def place_by_reporting_line(assembly: Assembly) -> None:
    """A unit no composition places, whose head reports to the head of a unit Y, stands in Y
    ("每个统筹行动小组组长都对各自的区域司长负责": the teams are in the regional divisions)."""
    for head in assembly.heads:
        unit = head.unit
        if unit.parent_stated or unit.origin not in ("heading", "head"):
            continue
        for superior in head.reports_to:
            name = _superior_unit_name(superior)
            above = assembly.resolve(name, head.context) if name else None
            if above is not None and above is not unit and above is not unit.parent:
                unit.parent = above
                break
