"""A tiny in-memory stand-in for `ReadModel`, implementing only what the API calls.

The organisation:
- from 2010-01-01 (ST/SGB/2010/9): DM 管理部 (department) with OHR 人力资源厅 and BUD 预算司 under it;
- from 2019-01-01 (ST/SGB/2019/2): DM and BUD are gone; DMSPC 管理战略、政策和合规部 with OHR under it.
Issuances: ST/SGB/2019/2 (recorded 2019-02-01, abolishes the whole of ST/SGB/2010/9 from 2019-01-01),
ST/SGB/2010/9 (known only by reference, issued "2010-04"), A/72/492 (a report: a proposal, issued "2017").
"""

from __future__ import annotations

import bisect
from collections.abc import Collection
from contextlib import AbstractContextManager, nullcontext
from datetime import date

from service.projections.audit import LEARNED, RECORDED, RecordedChangeView, RecordingView
from service.projections.views import (
    AbolitionView,
    ChangeView,
    IssuanceView,
    OrganizationState,
    PassageView,
    ProvenanceView,
    ProvisionView,
    RecordedSince,
    UnitView,
    VersionFacts,
)

OLD, NEW, REPORT = "ST/SGB/2010/9", "ST/SGB/2019/2", "A/72/492"
NEW_RECORDED_AT = "2019-02-01T00:00:00.000000+00:00"
REORGANISED = date(2019, 1, 1)


def _source(symbol: str, section: str) -> ProvenanceView:
    """A source naming the first paragraph of a section: its seq is the section's number (``_passage``)."""
    return ProvenanceView(symbol, int(section))


def _passage(symbol: str, seq: int) -> PassageView:
    return PassageView(str(seq), f"{seq}.1", f"text of {symbol} section {seq}")


def _unit(
    unit_id: str, name: str, kind: str, parent: str | None, start: date, end: date | None, symbol: str
) -> UnitView:
    is_department = kind == "DEPARTMENT"
    head, reports_to = (f"{name}负责人", ("秘书长",)) if is_department else (None, ())
    return UnitView(
        unit_id,
        name,
        (f"{unit_id}-alias",),
        kind,
        parent,
        head,
        reports_to,
        start,
        end,
        VersionFacts((_source(symbol, "1"),)),
    )


START = date(2010, 1, 1)
UNITS = (
    _unit("DM", "管理部", "DEPARTMENT", None, START, REORGANISED, OLD),
    _unit("OHR", "人力资源厅", "OFFICE", "DM", START, REORGANISED, OLD),
    _unit("BUD", "预算司", "DIVISION", "DM", START, REORGANISED, OLD),
    _unit("DMSPC", "管理战略、政策和合规部", "DEPARTMENT", None, REORGANISED, None, NEW),
    _unit("OHR", "人力资源厅", "OFFICE", "DMSPC", REORGANISED, None, NEW),
)
ISSUANCES = {
    NEW: IssuanceView(
        NEW, "Organization of DMSPC", "bulletin", "2019-01-01", REORGANISED, True, recorded_at=NEW_RECORDED_AT
    ),
    REPORT: IssuanceView(
        REPORT,
        "Shifting the management paradigm",
        "report",
        "2017",
        None,
        True,
        recorded_at="2018-01-01T00:00:00.000000+00:00",
    ),
    OLD: IssuanceView(
        OLD, "Organization of the Department of Management", "bulletin", "2010-04", None, recorded=False
    ),
}
ABOLITION = AbolitionView(NEW, OLD, (), REORGANISED, _source(NEW, "10"))
CHANGES = (
    ChangeView("DM", START, "ESTABLISHED", "管理部", None, None, _source(OLD, "1")),
    ChangeView("OHR", START, "ESTABLISHED", "人力资源厅", None, None, _source(OLD, "1")),
    ChangeView("BUD", START, "ESTABLISHED", "预算司", None, None, _source(OLD, "1")),
    ChangeView("DM", REORGANISED, "ABOLISHED", "管理部", None, None, _source(NEW, "10")),
    ChangeView("OHR", REORGANISED, "MOVED", "人力资源厅", "DM", "DMSPC", _source(NEW, "2")),
)


def _known(recorded_at: str | None, known_at: str | None) -> bool:
    return known_at is None or recorded_at is None or recorded_at <= known_at


class FakeReadModel:
    """Answers like `ReadModel`; `known_at` hides ST/SGB/2019/2 (and its abolition) before it was recorded."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []
        self.projected_to = 7  # a test may move it, as the projector would

    def position(self) -> int:
        return self.projected_to

    def pinned_at(self, position: int) -> AbstractContextManager[None]:
        return nullcontext()  # the position moves only when a test moves it

    def organization(self, as_of: date, known_at: str | None = None) -> OrganizationState:
        self.calls.append(("organization", known_at))
        points = sorted({u.valid_from for u in UNITS} | {u.valid_to for u in UNITS if u.valid_to})
        index = bisect.bisect_right(points, as_of)
        units = tuple(u for u in UNITS if u.valid_from <= as_of and not (u.valid_to and u.valid_to <= as_of))
        by_id = {u.id: u for u in units}
        children: dict[str, tuple[UnitView, ...]] = {}
        for unit in units:
            if unit.parent_id:
                children[unit.parent_id] = (*children.get(unit.parent_id, ()), unit)
        return OrganizationState(
            as_of,
            points[index - 1] if index else None,
            points[index] if index < len(points) else None,
            units,
            by_id,
            children,
        )

    def unit_known(self, unit_id: str) -> bool:
        return any(u.id == unit_id for u in UNITS)

    def unit_history(self, unit_id: str, known_at: str | None = None) -> list[ChangeView]:
        return [c for c in CHANGES if c.unit_id == unit_id]

    def changes(self, after: date, until: date, known_at: str | None = None) -> list[ChangeView]:
        return [c for c in CHANGES if after < c.effective_on <= until]

    def issuance(self, symbol: str, known_at: str | None = None) -> IssuanceView | None:
        found = ISSUANCES.get(symbol.strip().upper())
        return found if found is not None and _known(found.recorded_at, known_at) else None

    def issuances(self, known_at: str | None = None) -> list[IssuanceView]:
        self.calls.append(("issuances", known_at))
        return [i for i in ISSUANCES.values() if _known(i.recorded_at, known_at)]

    def abolitions(
        self, *, by: str | None = None, target: str | None = None, known_at: str | None = None
    ) -> list[AbolitionView]:
        matches = (by, target) in ((ABOLITION.by, None), (None, ABOLITION.target), (None, None))
        return [ABOLITION] if matches and _known(NEW_RECORDED_AT, known_at) else []

    def all_issuances(self, known_at: str | None = None) -> list[IssuanceView]:
        return self.issuances(known_at)

    def recorded_since(self, position: int) -> RecordedSince:
        return RecordedSince((), (), ())  # what it holds was all recorded at the start

    def change_points(self, known_at: str | None = None) -> list[date]:
        return sorted({u.valid_from for u in UNITS} | {u.valid_to for u in UNITS if u.valid_to})

    def all_unit_versions(self, known_at: str | None = None) -> list[UnitView]:
        return sorted(UNITS, key=lambda u: (u.id, u.valid_from))

    def provisions_for(
        self, symbols: list[str], known_at: str | None = None
    ) -> dict[str, list[ProvisionView]]:
        self.calls.append(("provisions_for", tuple(symbols)))
        return {s: [p for p in PROVISIONS if p.symbol == s] for s in symbols}

    def passages(self, keys: Collection[tuple[str, int]]) -> dict[tuple[str, int], PassageView]:
        self.calls.append(("passages", tuple(keys)))
        return {key: _passage(*key) for key in keys if key[0] in (OLD, NEW)}

    def recorded_changes(self, since: str | None = None) -> list[RecordedChangeView]:
        found = [RecordedChangeView(RECORDING, RECORDED, None)]
        found += [RecordedChangeView(RECORDING, LEARNED, c) for c in CHANGES if c.effective_on == REORGANISED]
        return found if since is None or since < RECORDING.recorded_at else []

    def recordings_after(self, position: int) -> list[RecordingView]:
        return [RECORDING] if position < RECORDING.position else []


RECORDING = RecordingView(7, NEW_RECORDED_AT, NEW, False)
PROVISIONS = (
    ProvisionView(
        NEW,
        1,
        "UNIT_DEFINED",
        "2",
        "2.1",
        "设立管理战略、政策和合规部",
        "DMSPC",
        None,
        '{"name": "管理战略、政策和合规部"}',
    ),
    ProvisionView(NEW, 2, "ABOLISHES", "10", "10.1", "ST/SGB/2010/9 特此废止", None, OLD, '{"sections": []}'),
    ProvisionView(
        NEW, 3, "FUNCTIONS", "3", "3.1", "负责管理战略", "DMSPC", None, '{"functions": ["管理战略"]}'
    ),
)
