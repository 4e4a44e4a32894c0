"""Unit lifetimes and documents as a vis-timeline dataset: `items` (ranges and points) and `groups`
(one per department, with the units under it as `nestedGroups`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from service.api.catalog import Catalog
from service.api.enums import day_of
from service.projections.views import UnitView

ISSUANCES_GROUP = "issuances"


def _lifetimes(versions: list[UnitView]) -> list[tuple[date, date | None, str]]:
    """A unit's versions (in valid-time order) merged where contiguous: (start, end, last name)."""
    spans: list[tuple[date, date | None, str]] = []
    for v in versions:
        if spans and spans[-1][1] == v.valid_from:
            spans[-1] = (spans[-1][0], v.valid_to, v.name)
        else:
            spans.append((v.valid_from, v.valid_to, v.name))
    return spans


def _department_of(unit_id: str, parents: dict[str, str | None]) -> str:
    seen = {unit_id}
    while (parent := parents.get(unit_id)) is not None and parent in parents and parent not in seen:
        seen.add(parent)
        unit_id = parent
    return unit_id


def _unit_items(by_unit: dict[str, list[UnitView]], today: date) -> list[dict[str, Any]]:
    items = []
    for unit_id, versions in by_unit.items():
        for n, (start, end, name) in enumerate(_lifetimes(versions)):
            items.append(
                {
                    "id": f"unit:{unit_id}:{n}",
                    "group": unit_id,
                    "content": name,
                    "start": start.isoformat(),
                    "end": (end or max(today, start)).isoformat(),
                    "open": end is None,
                    "type": "range",
                }
            )
    return items


def _groups(by_unit: dict[str, list[UnitView]]) -> list[dict[str, Any]]:
    parents = {unit_id: versions[-1].parent_id for unit_id, versions in by_unit.items()}
    nested: dict[str, list[str]] = {}
    for unit_id in by_unit:
        department = _department_of(unit_id, parents)
        if department != unit_id:
            nested.setdefault(department, []).append(unit_id)
    groups: list[dict[str, Any]] = [{"id": ISSUANCES_GROUP, "content": "文件 Documents"}]
    for unit_id, versions in by_unit.items():
        group: dict[str, Any] = {"id": unit_id, "content": versions[-1].name, "kind": versions[-1].kind}
        if unit_id in nested:
            group["nestedGroups"] = nested[unit_id]
            group["showNested"] = False
        groups.append(group)
    return groups


def _issuance_items(catalog: Catalog) -> Iterable[dict[str, Any]]:
    for view in catalog.issuances.values():
        day = view.effective_on or day_of(view.issued_on)
        if day is not None:
            yield {
                "id": f"issuance:{view.symbol}",
                "group": ISSUANCES_GROUP,
                "content": view.symbol,
                "title": view.title or view.symbol,
                "start": day.isoformat(),
                "type": "point",
            }


def timeline(versions: list[UnitView], catalog: Catalog, today: date) -> dict[str, Any]:
    """`{"groups": [...], "items": [...]}`; an open-ended lifetime ends `today` and has `"open": true`."""
    by_unit: dict[str, list[UnitView]] = {}
    for view in versions:
        by_unit.setdefault(view.id, []).append(view)
    items = _unit_items(by_unit, today) + list(_issuance_items(catalog))
    return {"groups": _groups(by_unit), "items": items}
