"""The synthetic history: departments, their bulletins through the years, written as a corpus directory.

``generate`` is deterministic for a seed. ``write_corpus`` writes ``documents/*.txt``, a ``manifest.toml`` in
the bundled corpus's format and ``truth.jsonl`` (one bulletin per line, in the manifest's order).
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from .history import Department
from .model import Bulletin, Node
from .render import Previous, render
from .vocabulary import DEPARTMENTS, EXTRA_STEMS

SCALES = {"S1": 1, "S10": 10, "S100": 100}
YEARS_BETWEEN_REORGANISATIONS = 4.0  # at S1: a new organisation bulletin per department every few years
FIRST_SYMBOL_NUMBER = 101  # keeps clear of the real symbols the texts cite (ST/SGB/1997/5, ST/SGB/2002/11)
PARTIAL_ABOLITION = 0.3  # how often only the sections of abolished units are abolished


def department_names(count: int) -> list[str]:
    names = list(DEPARTMENTS[:count])
    extra = iter(f"{stem}{suffix}" for suffix in ("事务部", "事务厅", "支助厅") for stem in EXTRA_STEMS)
    while len(names) < count:
        names.append(next(extra))
    return names


@dataclass
class _Live:
    """A bulletin of the department still (partly) in force: the next ones must abolish it."""

    symbol: str
    title: str
    issued_on: date
    unit_sections: dict[str, str]


@dataclass
class _Draft:
    department: int
    structure: Node
    title: str
    issued_on: date
    effective_on: date
    on_issue: bool
    symbol: str = ""
    abolishes: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)  # (draft index, sections)


def _effective_days(rng: random.Random, count: int, total_days: int) -> list[int]:
    first = rng.randrange(0, min(180, total_days))
    rest = rng.sample(range(first + 1, total_days), min(count - 1, total_days - first - 1))
    return [first, *sorted(rest)]


def _keys(root: Node) -> set[str]:
    keys: set[str] = set()

    def walk(node: Node, key: str) -> None:
        keys.add(key)
        for child in node.children:
            walk(child, f"{key}/{child.name}" if child.generic else f"{root.name}/{child.name}")

    walk(root, root.name)
    return keys


def generate(
    scale: str = "S1", seed: int = 1, departments: int = 40, years: int = 30, end_year: int = 2023
) -> list[Bulletin]:
    factor = SCALES[scale]
    rng = random.Random(f"sgb-synth/{seed}")
    start = date(end_year - years + 1, 1, 1)
    total_days = (date(end_year, 12, 31) - start).days + 1
    reuse = min(0.8, 0.3 + 0.2 * math.log10(factor))
    drafts: list[_Draft] = []
    per_department: list[list[int]] = []
    for index, name in enumerate(department_names(departments)):
        department = Department(name, random.Random(f"{seed}/{scale}/{name}"), reuse)
        count = max(1, round(factor * years / YEARS_BETWEEN_REORGANISATIONS * rng.uniform(0.75, 1.25)))
        title = f"{name}的组织" if rng.random() < 0.8 else f"{name}组织"
        indices = []
        previous_day = -10_000
        for number, day in enumerate(_effective_days(rng, count, total_days)):
            if number:
                department.reorganise()
            gap = day - previous_day
            on_issue = gap < 3 or rng.random() < 0.5
            issued = day if on_issue else day - rng.randint(1, min(30, gap - 1))
            effective = start + timedelta(days=day)
            drafts.append(
                _Draft(
                    index,
                    department.snapshot(),
                    title,
                    start + timedelta(days=issued),
                    effective,
                    on_issue,
                )
            )
            indices.append(len(drafts) - 1)
            previous_day = day
        per_department.append(indices)
    _assign_symbols(drafts)
    return list(_render_all(drafts, per_department, rng))


def _assign_symbols(drafts: list[_Draft]) -> None:
    numbers: dict[int, int] = {}
    for draft in sorted(drafts, key=lambda d: (d.issued_on, d.department)):
        year = draft.issued_on.year
        numbers[year] = numbers.get(year, FIRST_SYMBOL_NUMBER - 1) + 1
        draft.symbol = f"ST/SGB/{year}/{numbers[year]}"


def _render_all(
    drafts: list[_Draft], per_department: list[list[int]], rng: random.Random
) -> Iterator[Bulletin]:
    bulletins: dict[int, Bulletin] = {}
    for indices in per_department:
        live: list[_Live] = []
        previous_keys: set[str] = set()
        for index in indices:
            draft = drafts[index]
            keys = _keys(draft.structure)
            previous = _abolitions(live, previous_keys - keys, rng)
            rendered = render(
                draft.structure,
                draft.title,
                draft.issued_on,
                draft.effective_on,
                draft.on_issue,
                previous,
                rng,
            )
            partial = next((p for p in previous if p.sections), None)
            live = [entry for entry in live if partial is not None and entry.symbol == partial.symbol]
            live.append(
                _Live(draft.symbol, draft.title, draft.issued_on, {u.key: u.section for u in rendered.units})
            )
            previous_keys = keys
            bulletins[index] = Bulletin(
                symbol=draft.symbol,
                department=draft.structure.name,
                title=draft.title,
                issued_on=draft.issued_on,
                effective_on=draft.effective_on,
                on_issue=draft.on_issue,
                file=f"documents/{draft.symbol.replace('/', '_')}.txt",
                text=rendered.text,
                units=tuple(rendered.units),
                heads=tuple(rendered.heads),
                abolitions=tuple(rendered.abolitions),
            )
    for index in sorted(bulletins, key=lambda i: (drafts[i].issued_on, drafts[i].symbol)):
        yield bulletins[index]


def _abolitions(live: list[_Live], removed: set[str], rng: random.Random) -> list[Previous]:
    """Older live bulletins are abolished whole; the latest, sometimes only in the sections that defined
    the units this reorganisation abolishes (the others are restated, and the later definition wins)."""
    previous = [Previous(entry.symbol, entry.title, entry.issued_on, ()) for entry in live[:-1]]
    if live:
        latest = live[-1]
        sections = {s for s in latest.unit_sections.values() if s}
        needed = {latest.unit_sections[key] for key in removed if key in latest.unit_sections}
        if needed and "" not in needed and len(needed) < len(sections) and rng.random() < PARTIAL_ABOLITION:
            chosen = tuple(sorted(needed, key=int))
        else:
            chosen = ()
        previous.append(Previous(latest.symbol, latest.title, latest.issued_on, chosen))
    return previous


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def write_corpus(bulletins: list[Bulletin], out_dir: Path, header: str = "") -> None:
    documents = out_dir / "documents"
    documents.mkdir(parents=True, exist_ok=True)
    manifest = [
        "# A synthetic history written by `sgb synth`, in the bundled corpus's format.",
        *(f"# {line}" for line in header.splitlines()),
        "# Entry into force is stated in each text (on issue, or on a stated day).",
        "",
    ]
    with (out_dir / "truth.jsonl").open("w", encoding="utf-8") as truth:
        for bulletin in bulletins:
            (out_dir / bulletin.file).write_text(bulletin.text, encoding="utf-8")
            manifest += [
                "[[document]]",
                f"file = {_toml_string(bulletin.file)}",
                f"symbol = {_toml_string(bulletin.symbol)}",
                'kind = "bulletin"',
                f"title = {_toml_string(bulletin.title)}",
                f'issued_on = "{bulletin.issued_on.isoformat()}"',
                "",
            ]
            truth.write(json.dumps(bulletin.truth(), ensure_ascii=False) + "\n")
    (out_dir / "manifest.toml").write_text("\n".join(manifest), encoding="utf-8")
