"""What the generator produces: bulletins with their ground truth, in the parser's key scheme.

Keys follow the parser's rule (service/parsing/resolve.py): the department's key is its name; a generic
office (司长办公室, 执行办公室, 副秘书长办公室, 前沿办公室) is keyed under its parent; any other unit's name
is unique within its department and keyed ``department/name``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

GENERIC_OFFICES = (
    "副秘书长办公室",
    "助理秘书长办公室",
    "执行办公室",
    "司长办公室",
    "中心主任办公室",
    "前沿办公室",
    "主任办公室",
)


@dataclass(eq=False)
class Node:
    """A unit of a department's structure at one moment; children are in document order."""

    name: str
    suffix: str  # the unit suffix: 部 厅 司 中心 处 科 股 小组 办公室
    children: list[Node] = field(default_factory=list)
    functions: tuple[str, ...] = ()

    @property
    def generic(self) -> bool:
        return self.name in GENERIC_OFFICES

    def walk(self) -> list[Node]:
        found = [self]
        for child in self.children:
            found.extend(child.walk())
        return found

    def copy(self) -> Node:
        return Node(self.name, self.suffix, [c.copy() for c in self.children], self.functions)


@dataclass(frozen=True, slots=True)
class UnitTruth:
    key: str
    name: str
    kind: str
    parent: str | None
    section: str  # the section of the bulletin the unit is defined in


@dataclass(frozen=True, slots=True)
class HeadTruth:
    unit: str
    post: str
    reports_to: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AbolitionTruth:
    target: str
    sections: tuple[str, ...]  # empty: the whole bulletin


@dataclass(frozen=True, slots=True)
class Bulletin:
    symbol: str
    department: str
    title: str
    issued_on: date
    effective_on: date
    on_issue: bool
    file: str
    text: str
    units: tuple[UnitTruth, ...]
    heads: tuple[HeadTruth, ...]
    abolitions: tuple[AbolitionTruth, ...]

    def truth(self) -> dict[str, Any]:
        return {
            "symbol": self.symbol,
            "file": self.file,
            "department": self.department,
            "title": self.title,
            "issued_on": self.issued_on.isoformat(),
            "effective_on": self.effective_on.isoformat(),
            "on_issue": self.on_issue,
            "units": [
                {"key": u.key, "name": u.name, "kind": u.kind, "parent": u.parent, "section": u.section}
                for u in self.units
            ],
            "heads": [{"unit": h.unit, "post": h.post, "reports_to": list(h.reports_to)} for h in self.heads],
            "abolitions": [{"target": a.target, "sections": list(a.sections)} for a in self.abolitions],
        }
