"""The organisation as flat rows `{id, parentId, name, kind, head, ...}` (for D3 stratify, org-chart
libraries), and the selection `organization(under:, kind:, depth:)` makes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from service.api.names import NameEntry
from service.projections.views import OrganizationState, UnitView


@dataclass(frozen=True, slots=True)
class Placed:
    """A unit in a selection, with its depth below the selection's top (0: a top unit)."""

    view: UnitView
    depth: int


def select(
    state: OrganizationState,
    under: str | None = None,
    kinds: frozenset[str] | None = None,
    depth: int | None = None,
) -> list[Placed]:
    """Units in tree order (depth first, by id): the subtree of `under` (or everything), down to `depth`
    levels below the top, of the `kinds` asked (None: all; filtering keeps the descent)."""
    if under is not None:
        top = state.by_id.get(under)
        tops: tuple[UnitView, ...] = (top,) if top is not None else ()
    else:
        tops = state.roots
    placed: list[Placed] = []
    stack = [(view, 0) for view in reversed(tops)]
    seen: set[str] = set()
    while stack:
        view, level = stack.pop()
        if view.id in seen:  # a cycle in bad data must not loop forever
            continue
        seen.add(view.id)
        if kinds is None or view.kind in kinds:
            placed.append(Placed(view, level))
        if depth is None or level < depth:
            stack.extend((child, level + 1) for child in reversed(state.children.get(view.id, ())))
    return placed


@dataclass(frozen=True, slots=True)
class Row:
    id: str
    parent_id: str | None  # null when the parent is not among the rows (the top of a subtree)
    name: str
    name_en: str | None
    kind: str
    head: str | None
    reports_to: tuple[str, ...]
    depth: int
    valid_from: date
    valid_to: date | None


def rows(placed: list[Placed], names: Mapping[str, NameEntry]) -> list[Row]:
    included = {p.view.id for p in placed}
    return [_row(p, included, names) for p in placed]


def _row(placed: Placed, included: set[str], names: Mapping[str, NameEntry]) -> Row:
    view = placed.view
    english = names.get(view.name)
    return Row(
        id=view.id,
        parent_id=view.parent_id if view.parent_id in included else None,
        name=view.name,
        name_en=english.text if english else None,
        kind=view.kind,
        head=view.head_post,
        reports_to=view.head_reports_to,
        depth=placed.depth,
        valid_from=view.valid_from,
        valid_to=view.valid_to,
    )


def row_json(row: Row) -> dict[str, Any]:
    """A row as the JSON feed gives it (camelCase keys, ISO dates)."""
    return {
        "id": row.id,
        "parentId": row.parent_id,
        "name": row.name,
        "nameEn": row.name_en,
        "kind": row.kind,
        "head": row.head,
        "reportsTo": list(row.reports_to),
        "depth": row.depth,
        "validFrom": row.valid_from.isoformat(),
        "validTo": row.valid_to.isoformat() if row.valid_to else None,
    }
