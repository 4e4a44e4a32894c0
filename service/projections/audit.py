"""The audit view: what the store learned or retracted, when, and because of which recorded document.

Every recorded document is projected in one transaction stamped with its recorded time, which closes the
rows of the units it touches (`recorded_to`) and writes their new rows (`recorded_from`). Comparing the
rows closed and opened at one instant, ignoring their ordinal, tells the facts learned (opened and not
closed) from the facts retracted (closed and not reopened): a correction shows as both.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from service.projections.provisions import ProvisionKind
from service.projections.rows import CHANGE_COLUMNS, change_view
from service.projections.store import ReadStore, Row
from service.projections.views import ChangeView

LEARNED = "LEARNED"
RETRACTED = "RETRACTED"
RECORDED = "RECORDED"
_ORDER = {RECORDED: 0, RETRACTED: 1, LEARNED: 2}


@dataclass(frozen=True, slots=True)
class RecordingView:
    """One recorded document: where it stands in the log, when, and whether it corrects others."""

    position: int
    recorded_at: str
    symbol: str
    correction: bool


@dataclass(frozen=True, slots=True)
class RecordedChangeView:
    """RECORDED (the document itself; `change` is None), LEARNED or RETRACTED (a fact about a unit)."""

    recording: RecordingView
    action: str
    change: ChangeView | None


def recordings_after(store: ReadStore, position: int = 0, since: str | None = None) -> list[RecordingView]:
    """Documents recorded after a log position (and strictly after `since`), in recorded order."""
    rows = store.query(
        "SELECT i.position, i.recorded_at, i.symbol, EXISTS (SELECT 1 FROM rm_provision p "
        "WHERE p.symbol = i.symbol AND p.kind = ?) FROM rm_issuance i "
        "WHERE i.position > ? AND i.recorded_at > ? ORDER BY i.position",
        (ProvisionKind.CORRECTED, position, since or ""),
    )
    return [RecordingView(int(p), at, symbol, bool(fix)) for p, at, symbol, fix in rows]


def recorded_changes(store: ReadStore, since: str | None = None) -> list[RecordedChangeView]:
    """Everything recorded strictly after `since` (None: ever), by recorded time."""
    bound = since or ""
    recordings = {r.recorded_at: r for r in recordings_after(store, 0, since)}
    rows = store.query(
        f"SELECT {CHANGE_COLUMNS}, recorded_from, recorded_to FROM rm_unit_change "
        "WHERE recorded_from > ? OR recorded_to > ?",
        (bound, bound),
    )
    opened: dict[tuple[str, str], list[Row]] = defaultdict(list)
    closed: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in rows:
        if row[-2] > bound:
            opened[(row[-2], row[0])].append(row)
        if row[-1] is not None and row[-1] > bound:
            closed[(row[-1], row[0])].append(row)
    found = [RecordedChangeView(r, RECORDED, None) for r in recordings.values()]
    for key in sorted(set(opened) | set(closed)):
        recording = recordings.get(key[0])
        if recording is not None:
            found.extend(_difference(recording, closed.get(key, []), opened.get(key, [])))
    found.sort(key=lambda c: (c.recording.position, _ORDER[c.action], _change_order(c.change)))
    return found


def _difference(recording: RecordingView, closed: list[Row], opened: list[Row]) -> list[RecordedChangeView]:
    # A row's fact is everything but its recorded times (the ordinal is not selected).
    before = {r[:-2] for r in closed}
    after = {r[:-2] for r in opened}
    retracted = [
        RecordedChangeView(recording, RETRACTED, change_view(r[:-2])) for r in closed if r[:-2] not in after
    ]
    learned = [
        RecordedChangeView(recording, LEARNED, change_view(r[:-2])) for r in opened if r[:-2] not in before
    ]
    return retracted + learned


def _change_order(change: ChangeView | None) -> tuple[str, str]:
    return (change.effective_on.isoformat(), change.unit_id) if change else ("", "")
