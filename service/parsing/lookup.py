"""Reading a name or a post against the units an assembly found, without recording anything.

The later stages (functions, lines, shared resources) ask "which unit is this?" after the assembly has run;
they must not add mentions or resolutions of their own, so they read through these helpers.
"""

from __future__ import annotations

from .assemble import Assembly
from .recognise import Context
from .resolve import Unit, resolve_name, unit_key


def unit_named(assembly: Assembly, name: str, context: Context) -> Unit | None:
    """The unit of this document that ``name`` denotes where it stands; None for another department's."""
    if assembly.is_foreign(name):
        return None
    resolved = resolve_name(name, assembly.units, assembly.scope(context))
    return resolved.unit if resolved is not None else None


def _depth(unit: Unit) -> int:
    depth = 0
    while unit.parent is not None:
        unit, depth = unit.parent, depth + 1
    return depth


def unit_headed_by(assembly: Assembly, post: str) -> Unit | None:
    """The unit whose head is ``post``. A short title ("副秘书长") stands for the one full title
    ("主管…副秘书长") that ends with it. Where a post heads a unit and its own office, the outer unit."""
    exact = [head.unit for head in assembly.heads if head.post == post]
    short = [h.unit for h in assembly.heads if h.post.startswith("主管") and h.post.endswith(post)]
    candidates = exact or short
    return min(candidates, key=_depth) if candidates else None


def key_of(unit: Unit | None, department: str) -> str | None:
    return unit_key(unit, department) if unit is not None else None
