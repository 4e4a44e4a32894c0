"""An integrity report over the read models (``sgb check``): what a careful reader would question, each
finding with the paragraphs involved. Read only; current knowledge (rows not superseded)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from service.projections.store import ReadStore


class FindingKind:
    DANGLING_PARENT = "DANGLING_PARENT"  # a version's parent id that no version has
    DANGLING_HEAD = "DANGLING_HEAD"  # a head defined for a unit that no version has
    TWO_PARENTS = "TWO_PARENTS"  # a unit given two parents for one date
    PARENT_CYCLE = "PARENT_CYCLE"
    UNKNOWN_SUPERIOR = "UNKNOWN_SUPERIOR"  # a head reports to a post that heads no unit
    TITLE_VARIANTS = "TITLE_VARIANTS"  # an issuance cited under different titles
    NAME_VARIANTS = "NAME_VARIANTS"  # a unit named differently by different documents (aliases)


@dataclass(frozen=True, slots=True)
class Place:
    symbol: str
    paragraph: str | None

    def __str__(self) -> str:
        return f"{self.symbol} §{self.paragraph}" if self.paragraph else self.symbol


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str
    subject: str  # a unit id, a post, a symbol
    message: str
    places: tuple[Place, ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "message": self.message,
            "places": [{"symbol": p.symbol, "paragraph": p.paragraph} for p in self.places],
        }


_PROVISIONS = """
SELECT p.symbol, p.paragraph, p.kind, p.unit_id, p.target, p.data, i.effective_on
FROM rm_provision p LEFT JOIN rm_issuance i ON i.symbol = p.symbol
WHERE i.kind IS NULL OR i.kind <> 'report'
ORDER BY p.symbol, p.seq
"""
_VERSIONS = (
    "SELECT unit_id, valid_from, valid_to, name, parent_id FROM rm_unit_version WHERE recorded_to IS NULL"
)


@dataclass(frozen=True, slots=True)
class _Row:
    place: Place
    kind: str
    unit_id: str | None
    target: str | None
    data: dict[str, Any]
    effective_on: str | None


def check(store: ReadStore) -> list[Finding]:
    rows = [
        _Row(Place(s, para), kind, unit, target, json.loads(data), eff)
        for s, para, kind, unit, target, data, eff in store.query(_PROVISIONS)
    ]
    versions = store.query(_VERSIONS)
    units = {v[0] for v in versions}
    return [
        *_dangling(rows, versions, units),
        *_two_parents(rows),
        *_cycles(versions),
        *_unknown_superiors(rows),
        *_title_variants(store, rows),
        *_one_title_many_symbols(rows),
        *_name_variants(rows),
    ]


def _dangling(rows: list[_Row], versions: list[Any], units: set[str]) -> Iterable[Finding]:
    by_parent: dict[str, list[Place]] = defaultdict(list)
    for row in rows:
        parent = row.data.get("parent_id") if row.kind in ("UNIT_DEFINED", "ESTABLISHMENT") else None
        if parent and parent not in units:
            by_parent[parent].append(row.place)
    for parent in sorted({v[4] for v in versions if v[4] and v[4] not in units}):
        yield Finding(
            FindingKind.DANGLING_PARENT,
            parent,
            f"{parent!r} is a parent, never a unit in force",
            tuple(by_parent[parent]),
        )
    for row in rows:
        if row.kind == "HEAD_DEFINED" and row.unit_id not in units:
            message = f"{row.data['post']} heads {row.unit_id!r}, which is never a unit in force"
            yield Finding(FindingKind.DANGLING_HEAD, str(row.unit_id), message, (row.place,))


def _two_parents(rows: list[_Row]) -> Iterable[Finding]:
    parents: dict[tuple[str, str], dict[str | None, list[Place]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        if row.kind == "UNIT_DEFINED" and row.unit_id and row.effective_on:
            parents[row.unit_id, row.effective_on][row.data.get("parent_id")].append(row.place)
    for (unit, day), found in sorted(parents.items()):
        if len(found) > 1:
            message = f"{unit!r} has {len(found)} parents from {day}: {', '.join(sorted(map(str, found)))}"
            yield Finding(FindingKind.TWO_PARENTS, unit, message, _places(found))


def _cycles(versions: list[Any]) -> Iterable[Finding]:
    days = sorted({v[1] for v in versions})
    reported: set[frozenset[str]] = set()
    for day in days:
        parent = {v[0]: v[4] for v in versions if v[1] <= day and (v[2] is None or day < v[2])}
        for start in parent:
            seen: list[str] = []
            unit: str | None = start
            while unit is not None and unit not in seen:
                seen.append(unit)
                unit = parent.get(unit)
            if unit is not None and frozenset(seen[seen.index(unit) :]) not in reported:
                cycle = seen[seen.index(unit) :]
                reported.add(frozenset(cycle))
                yield Finding(FindingKind.PARENT_CYCLE, unit, f"from {day}: {' -> '.join([*cycle, unit])}")


def _unknown_superiors(rows: list[_Row]) -> Iterable[Finding]:
    heads = [r for r in rows if r.kind == "HEAD_DEFINED"]
    posts = {r.data["post"] for r in heads}
    for row in heads:
        for superior in row.data["reports_to"]:
            if not any(superior == p or p.endswith(superior) or superior.endswith(p) for p in posts):
                message = (
                    f"{row.data['post']} of {row.unit_id!r} reports to {superior!r}, which heads no unit"
                )
                yield Finding(FindingKind.UNKNOWN_SUPERIOR, superior, message, (row.place,))


def _title_variants(store: ReadStore, rows: list[_Row]) -> Iterable[Finding]:
    recorded: dict[str, str | None] = dict(store.query("SELECT symbol, title FROM rm_issuance"))
    titles: dict[str, dict[str, list[Place]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        if row.target and row.data.get("cited_title"):
            titles[row.target][row.data["cited_title"]].append(row.place)
    for target, found in sorted(titles.items()):
        own = recorded.get(target)
        if len(found) > 1 or (own and any(t not in own and own not in t for t in found)):
            listed = "; ".join(f"{t!r} ({', '.join(_unique(ps))})" for t, ps in found.items())
            message = f"{target} is cited as {listed}" + (f"; its own title is {own!r}" if own else "")
            yield Finding(FindingKind.TITLE_VARIANTS, target, message, _places(found))


def _one_title_many_symbols(rows: list[_Row]) -> Iterable[Finding]:
    """The same title cited for different symbols: one citation names the wrong document."""
    symbols: dict[str, dict[str, list[Place]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        if row.target and row.data.get("cited_title"):
            symbols[row.data["cited_title"]][row.target].append(row.place)
    for title, found in sorted(symbols.items()):
        if len(found) > 1:
            listed = "; ".join(f"{s} ({', '.join(_unique(ps))})" for s, ps in found.items())
            message = f"the title {title!r} is cited for {len(found)} issuances: {listed}"
            yield Finding(FindingKind.TITLE_VARIANTS, title, message, _places(found))


def _places(found: dict[Any, list[Place]]) -> tuple[Place, ...]:
    return tuple(dict.fromkeys(p for ps in found.values() for p in ps))


def _unique(places: list[Place]) -> list[str]:
    return list(dict.fromkeys(map(str, places)))


def _name_variants(rows: list[_Row]) -> Iterable[Finding]:
    names: dict[str, dict[str, list[Place]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        if row.kind in ("UNIT_DEFINED", "NAME_RESOLVED", "ESTABLISHMENT") and row.unit_id:
            names[row.unit_id][row.data["name"]].append(row.place)
    for unit, found in sorted(names.items()):
        symbols = {p.symbol for ps in found.values() for p in ps}
        if len(found) > 1 and len(symbols) > 1:
            listed = "; ".join(f"{n!r} ({', '.join(_unique(ps))})" for n, ps in found.items())
            yield Finding(
                FindingKind.NAME_VARIANTS,
                unit,
                f"named {listed}",
                _places(found),
            )
