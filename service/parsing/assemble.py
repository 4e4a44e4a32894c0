"""Stage 5b: statements -> the department's units and heads, with every resolution and doubt recorded.

Parents: a composition statement places a unit (first one wins); otherwise a sub-heading's unit is a child
of its section's unit, and a section's unit a child of the department. Only units of the organised
department are defined: a name headed by another department (维持和平行动部的…, 外勤支助部行为和纪律股 in
another department's bulletin) is not.

Counted collectives: "4 个综合区域人力资源管理科" names several units without naming each; it becomes one
unit (with a warning saying so). A count of a bare suffix ("两个科", "若干组织单位") names nothing and
defines no unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Location, NameResolution, Rename, Warning
from .recognise import (
    Composition,
    Context,
    HeadStatement,
    NamedUnit,
    Reference,
    Renaming,
    ReportingLine,
    Statement,
)
from .resolve import Resolved, Scope, Unit, resolve_name, unit_key
from .units import Member, is_bare_suffix, kind_of, unit_suffix

FOREIGN_DEPARTMENT = re.compile(r"^(?P<department>.{2,}?部)(?![门分])(?:的)?(?P<rest>.+)$")
MAX_NEW_SUBJECT = 20


@dataclass(eq=False)
class Head:
    unit: Unit
    post: str
    reports_to: tuple[str, ...]
    context: Context
    statement: int  # order of the statement that stated it: "the head stated just before"


class Assembly:
    """Reads the statements in order, keeping the units found so far as the scope of later names."""

    def __init__(self, department: Unit | None, text: str = "") -> None:
        self.department = department
        self.text = text
        self.units: list[Unit] = []
        self.heads: list[Head] = []
        self._heads_in_paragraph: dict[int, list[Head]] = {}  # each reporting line reads its paragraph's
        self.resolutions: list[tuple[str, Unit, str, Location]] = []
        self.warnings: list[Warning] = []
        self.section_units: dict[str | None, Unit] = {}
        self.heading_units: dict[tuple[str | None, str], Unit] = {}
        self.listed_in: dict[int, list[Unit]] = {}
        self.last_listed: dict[str | None, list[Unit]] = {}
        # The units named so far, indexed the way ``scope`` reads them (by section, and by paragraph):
        # scanning one list of every mention per name made the assembly quadratic in the document's length.
        self._section_mentions: dict[str | None, list[Unit]] = {}
        self._paragraph_mentions: dict[tuple[str | None, int], list[Unit]] = {}
        self.renamings: list[tuple[Renaming, Unit]] = []
        self._named_elsewhere: dict[tuple[str, str], bool] = {}

    # -- names -------------------------------------------------------------------------------------

    def scope(self, context: Context) -> Scope:
        heading = self.heading_units.get((context.section, context.heading or ""))
        in_paragraph = self._paragraph_mentions.get((context.section, context.paragraph_index), ())
        return Scope(
            self.department,
            context.section,
            self.section_units.get(context.section),
            heading,
            tuple(in_paragraph),
            tuple(self._section_mentions.get(context.section, ())),
        )

    def mention(self, context: Context, unit: Unit) -> None:
        self._section_mentions.setdefault(context.section, []).append(unit)
        self._paragraph_mentions.setdefault((context.section, context.paragraph_index), []).append(unit)

    def resolve(self, name: str, context: Context) -> Unit | None:
        resolved: Resolved | None = resolve_name(name, self.units, self.scope(context))
        if resolved is None:
            return None
        if resolved.reason is not None:
            self.resolutions.append((name, resolved.unit, resolved.reason, context.location))
        self.mention(context, resolved.unit)
        return resolved.unit

    def is_foreign(self, name: str) -> bool:
        """Another department, or a unit qualified by another department's name."""
        own = self.department.name if self.department else None
        if name.endswith("部") and name != own and not name.endswith(("本部", "该部")):
            return True
        match = FOREIGN_DEPARTMENT.match(name)
        if not match or match.group("department") == own or not unit_suffix(match.group("rest")):
            return False
        # "战略部署物资储存股" only looks prefixed: "战略部" is always followed by "署". A department's name
        # is also followed by other words elsewhere in the text ("外勤支助部的…", "外勤支助部和…").
        return self.named_elsewhere(match.group("department"), match.group("rest")[0])

    def named_elsewhere(self, department: str, following: str) -> bool:
        """Whether ``department`` stands in the text before anything but ``following``; remembered, since
        the answer is asked for every name with that prefix and each asking scans the whole text."""
        key = (department, following)
        if key not in self._named_elsewhere:
            pattern = re.escape(department) + f"(?!{re.escape(following)})"
            self._named_elsewhere[key] = re.search(pattern, self.text) is not None
        return self._named_elsewhere[key]

    def create(self, name: str, parent: Unit | None, context: Context, origin: str) -> Unit:
        unit = Unit(name, kind_of(name), parent, context.location, context.section, origin)
        self.units.append(unit)
        self.mention(context, unit)
        return unit

    def default_parent(self, context: Context) -> Unit | None:
        scope = self.scope(context)
        return scope.heading_unit or scope.section_unit or self.department

    # -- statements --------------------------------------------------------------------------------

    def named_unit(self, statement: NamedUnit) -> None:
        context = statement.context
        if self.is_foreign(statement.name):
            return
        unit = self.resolve(statement.name, context)
        if unit is None:
            parent = self.department if statement.origin == "section" else self.default_parent(context)
            unit = self.create(statement.name, parent, context, statement.origin)
        unit.referenced = True
        if statement.origin == "section":
            self.section_units[context.section] = unit
        else:
            self.heading_units[(context.section, statement.name)] = unit

    def subject(self, name: str, context: Context) -> Unit | None:
        unit = self.resolve(name, context)
        plausible = unit_suffix(name) and "的" not in name and len(name) <= MAX_NEW_SUBJECT
        if unit is None and plausible and not self.is_foreign(name):
            unit = self.create(name, self.default_parent(context), context, "head")
        if unit is not None:
            unit.referenced = True
        return unit

    def composition(self, statement: Composition) -> None:
        context = statement.context
        subject = self.subject(statement.subject, context)
        if subject is None:
            return
        parent = subject.parent if statement.appositive else subject
        listed = []
        for member in statement.members:
            unit = self.member(member, parent, context)
            if unit is not None and unit is not subject:
                listed.append(unit)
        self.listed_in.setdefault(context.paragraph_index, []).extend(listed)
        self.last_listed[context.section] = listed

    def member(self, member: Member, parent: Unit | None, context: Context) -> Unit | None:
        if is_bare_suffix(member.name) or self.is_foreign(member.name):
            return None
        unit = self.resolve(member.name, context)
        if unit is None:
            unit = self.create(member.name, parent, context, "composition")
            unit.collective = member.count
            if member.count:
                self.warnings.append(Warning(_collective_warning(member), context.location))
        if not unit.parent_stated and unit is not parent:
            unit.parent, unit.parent_stated = parent, True
        unit.listed = True
        return unit

    def head(self, statement: HeadStatement, order: int) -> None:
        context = statement.context
        if statement.each and is_bare_suffix(statement.subject):
            # "每个股都由…": the units of that kind in this paragraph's list, or in the section's last list.
            listed = self.listed_in.get(context.paragraph_index) or self.last_listed.get(context.section, [])
            targets = [u for u in listed if unit_suffix(u.name) == statement.subject]
        else:
            unit = self.subject(statement.subject, context)
            targets = [unit] if unit is not None else []
        for unit in targets:
            self.add_head(Head(unit, statement.post, statement.reports_to, context, order))

    def add_head(self, head: Head) -> None:
        self.heads.append(head)
        self._heads_in_paragraph.setdefault(head.context.paragraph_index, []).append(head)

    def reporting(self, statement: ReportingLine, order: int) -> None:
        context = statement.context
        # A copy: the heads this statement adds (office_of_post) are not among those it completes.
        same_paragraph = list(self._heads_in_paragraph.get(context.paragraph_index, ()))
        if statement.posts is None:
            latest = max((h.statement for h in same_paragraph), default=None)
            _complete([h for h in same_paragraph if h.statement == latest], statement.reports_to)
            return
        for post in statement.posts:
            matching = [h for h in same_paragraph if h.post == post or h.post.endswith(post)]
            if not matching:
                matching = [h for h in self.heads if h.post == post]
            _complete(matching, statement.reports_to)
            self.office_of_post(post, statement, order)

    def office_of_post(self, post: str, statement: ReportingLine, order: int) -> None:
        """ "P办公室" is the office of the post P: P's reporting line makes P its head. Only a full title
        ("主管…助理秘书长") names one post; "司长办公室" repeats in every division."""
        if not post.startswith("主管"):
            return
        office = next((u for u in self.units if u.name == f"{post}办公室"), None)
        if office is not None and not any(h.unit is office for h in self.heads):
            self.add_head(Head(office, post, statement.reports_to, statement.context, order))

    def renaming(self, statement: Renaming) -> None:
        """The unit now called ``new`` keeps the key of ``old``; the old name stays an alias. A unit this
        document defined under its old name takes the new name."""
        context = statement.context
        unit = self.resolve(statement.new, context)
        former = self.resolve(statement.old, context) if unit is None else None
        if former is not None:
            unit, former.name = former, statement.new
        unit = unit or self.subject(statement.new, context)
        if unit is None:
            return
        unit.key_name = unit.key_name or statement.old
        unit.aliases.append(statement.old)
        self.renamings.append((statement, unit))

    def run(self, statements: list[Statement]) -> None:
        for order, statement in enumerate(statements):
            if isinstance(statement, NamedUnit):
                self.named_unit(statement)
            elif isinstance(statement, Composition):
                self.composition(statement)
            elif isinstance(statement, HeadStatement):
                self.head(statement, order)
            elif isinstance(statement, ReportingLine):
                self.reporting(statement, order)
            elif isinstance(statement, Renaming):
                self.renaming(statement)
            elif isinstance(statement, Reference):
                unit = self.resolve(statement.name, statement.context)
                if unit is not None:
                    unit.referenced = True


def _complete(heads: list[Head], reports_to: tuple[str, ...]) -> None:
    for head in heads:
        if not head.reports_to:
            head.reports_to = reports_to


def _collective_warning(member: Member) -> str:
    return (
        f"'{member.count}{member.name}' names several units without naming each; "
        f"recorded as one collective unit '{member.name}'"
    )


def resolution_records(assembly: Assembly, department: str) -> list[NameResolution]:
    seen: set[tuple[str, str, str | None]] = set()
    records = []
    for name, unit, reason, location in assembly.resolutions:
        key = unit_key(unit, department)
        if (name, key, location.paragraph) not in seen:
            seen.add((name, key, location.paragraph))
            records.append(NameResolution(name, key, reason, location))
    return records


def rename_records(assembly: Assembly, department: str) -> list[Rename]:
    return [
        Rename(statement.old, statement.new, unit_key(unit, department), statement.context.location)
        for statement, unit in assembly.renamings
    ]
