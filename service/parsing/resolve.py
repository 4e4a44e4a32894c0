"""Stage 5: which unit a name denotes, and the unit's stable key.

Key rule. The department's key is its name. A unit with a *generic* name — an office named after the post
heading it (<post>办公室 whose stem ends in …长, …顾问, 主任, …秘书长, 执行, 前沿; or 前台) — repeats in
every department and division, so its key is ``parent_key + "/" + name``. Every other unit's name is
unique within its department: its key is ``department + "/" + name``. A renamed unit ("原 X 改称 Y") keeps
the key of its old name: the name in the key is the first name the unit is known by.

Name resolution. A name that does not spell a known unit may still denote one, certainly:
  该司/该处/这些科/此处…          the unit of the section or sub-heading it stands in, or the closest
                                antecedent with the same suffix
  <department><unit>            a unit prefixed with the department's own name
  <post or qualifier><unit>     "副秘书长前沿办公室", "主管…的副秘书长办公室" -> the unit
  <short form>                  the only unit of the same section whose name ends with it
                                (规划处 -> 军事规划处)
Every such decision is returned with a reason a person can audit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .model import Kind, Location
from .units import PERSON_ENDINGS, unit_suffix

GENERIC_STEM_ENDINGS = ("长", "顾问", "主任", "秘书长", "执行", "前沿", "前台")
BACK_REFERENCE = re.compile(r"^(?:该|本|这些|这个|此)(部|厅|司|处|科|股|小组|组|队|办公室|中心)$")
# What a qualifier before a unit's name ends with: 的, or a post ("副秘书长前沿办公室").
QUALIFIER_ENDINGS = ("的", *PERSON_ENDINGS)
MIN_SHORT_FORM = 3  # two characters of stem and a suffix: shorter names are too ambiguous to expand


@dataclass(eq=False)
class Unit:
    """A unit as the assembly stage builds it; identity is the object, its key comes last."""

    name: str
    kind: Kind
    parent: Unit | None
    location: Location
    section: str | None
    origin: str  # department | section | heading | composition | head
    listed: bool = False  # named in a composition list
    referenced: bool = False  # named again: as a heading, subject, or in a head statement
    parent_stated: bool = False  # a composition statement placed it
    collective: str | None = None  # "4个": one unit standing for several
    aliases: list[str] = field(default_factory=list)
    key_name: str | None = None  # the old name of a renamed unit: its key keeps it


@dataclass(frozen=True, slots=True)
class Scope:
    """What a name is read against: the department, the section's unit and the sub-heading's unit."""

    department: Unit | None
    section: str | None
    section_unit: Unit | None
    heading_unit: Unit | None
    recent_in_paragraph: tuple[Unit, ...] = ()  # units named so far in this paragraph, latest last
    recent_in_section: tuple[Unit, ...] = ()


@dataclass(frozen=True, slots=True)
class Resolved:
    unit: Unit
    reason: str | None  # None: the name spells the unit


def is_generic(name: str) -> bool:
    if name == "前台":
        return True
    stem = name.removesuffix("办公室")
    return stem != name and bool(stem) and stem.endswith(GENERIC_STEM_ENDINGS)


def unit_key(unit: Unit, department: str) -> str:
    name = unit.key_name or unit.name
    if unit.parent is None:
        return name
    if is_generic(name):
        return f"{unit_key(unit.parent, department)}/{name}"
    return f"{department}/{name}"


def _prefer_in_scope(candidates: list[Unit], scope: Scope) -> Unit | None:
    """Generic names repeat: take the one under the sub-heading's or section's unit, else in this section."""
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    for test in (
        lambda u: scope.heading_unit is not None and u.parent is scope.heading_unit,
        lambda u: scope.section_unit is not None and u.parent is scope.section_unit,
        lambda u: u.section == scope.section,
    ):
        matching = [unit for unit in candidates if test(unit)]
        if matching:
            return matching[-1]
    return candidates[-1]


def spelled(name: str, units: list[Unit], scope: Scope) -> Unit | None:
    if scope.department is not None and name == scope.department.name:
        return scope.department
    candidates = [unit for unit in units if unit.name == name]
    if is_generic(name):
        # 司长办公室 of another division is another unit: only one in this scope is this one.
        candidates = [unit for unit in candidates if _in_scope(unit, scope)]
    return _prefer_in_scope(candidates, scope)


def _in_scope(unit: Unit, scope: Scope) -> bool:
    """A generic name is the unit under this section's or sub-heading's unit, or the department's own."""
    parents = {id(u) for u in (scope.section_unit, scope.heading_unit, scope.department) if u is not None}
    return unit.section == scope.section or (unit.parent is not None and id(unit.parent) in parents)


def _back_reference(name: str, units: list[Unit], scope: Scope) -> Resolved | None:
    """The closest antecedent with the same suffix: in the paragraph, the sub-heading, the section."""
    match = BACK_REFERENCE.match(name)
    if not match:
        return None
    suffix = match.group(1)
    if suffix == "部" and scope.department is not None:
        return Resolved(scope.department, f"'{name}' refers to the department the bulletin organises")
    candidates = (
        (next(_with_suffix(scope.recent_in_paragraph, suffix), None), "unit last named in its paragraph"),
        (scope.heading_unit, "unit of the sub-heading it stands under"),
        (scope.section_unit, "unit of the section it stands in"),
        (next(_with_suffix(scope.recent_in_section, suffix), None), "unit last named in its section"),
    )
    for unit, why in candidates:
        if unit is not None and unit_suffix(unit.name) == suffix:
            return Resolved(unit, f"'{name}' refers back to '{unit.name}', the {why}")
    return None


def _with_suffix(units: tuple[Unit, ...], suffix: str) -> Iterator[Unit]:
    return (unit for unit in reversed(units) if unit_suffix(unit.name) == suffix)


def _department_prefix(name: str, units: list[Unit], scope: Scope) -> Resolved | None:
    department = scope.department
    if department is None or not name.startswith(department.name) or name == department.name:
        return None
    rest = name[len(department.name) :].removeprefix("的")
    unit = spelled(rest, units, scope)
    if unit is None:
        return None
    return Resolved(
        unit, f"'{name}' is '{rest}' prefixed with the name of its department '{department.name}'"
    )


def _qualified(name: str, units: list[Unit], scope: Scope) -> Resolved | None:
    """ "副秘书长前沿办公室" = post "副秘书长" + "前沿办公室"; "主管…的副秘书长办公室" = qualifier + unit."""
    known = {u.name for u in units}
    # Each cut of ``name`` into a qualifier and a known name, longest name first: a lookup per cut is
    # cheaper than sorting the known names and trying each as a suffix of ``name``.
    for cut in range(1, len(name)):
        qualifier, candidate = name[:cut], name[cut:]
        if candidate in known and (qualifier.endswith(QUALIFIER_ENDINGS) or qualifier.startswith("主管")):
            unit = spelled(candidate, units, scope)
            if unit is not None:
                return Resolved(
                    unit, f"'{name}' is '{candidate}' qualified by the post or qualifier '{qualifier}'"
                )
    return None


def _short_form(name: str, units: list[Unit], scope: Scope) -> Resolved | None:
    if len(name) < MIN_SHORT_FORM or not unit_suffix(name):
        return None
    in_scope = [u for u in units if u.section == scope.section]
    in_scope += [u for u in (scope.section_unit, scope.heading_unit) if u is not None]
    longer = {u for u in in_scope if u.name != name and u.name.endswith(name)}
    if len(longer) != 1:
        return None
    (unit,) = longer
    return Resolved(
        unit,
        f"'{name}' is a short form of '{unit.name}', the only unit of section {scope.section} "
        "whose name ends with it",
    )


def resolve_name(name: str, units: list[Unit], scope: Scope) -> Resolved | None:
    """The unit ``name`` denotes, trying the spelled name first and then each rule of the module doc."""
    unit = spelled(name, units, scope)
    if unit is not None:
        return Resolved(unit, None)
    for rule in (_back_reference, _department_prefix, _qualified, _short_form):
        resolved = rule(name, units, scope)
        if resolved is not None:
            return resolved
    return None
