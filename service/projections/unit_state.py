"""One unit as the projector keeps it between issuances: its current rows in rm_unit_version and
rm_unit_change, the versions and changes they were written from, and the facts they follow from.

When an issuance touches the unit, only what may have changed is recomputed. ``UnitFacts`` says from which
day on its statements changed (``dirty_from``); every version that starts before the last one starting
before that day is as it was, and so are the changes dated before the version the recomputation continues
(see ``changes_from``). A new name changes every version's aliases: then all is recomputed.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from service.projections.changes import UnitChange, changes_from
from service.projections.provisions import json_text
from service.projections.statements import UnitFacts
from service.projections.validity import UnitVersion, continue_versions

Row = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class RowDiff:
    """What to write for one table: the current rows to close, the rows to insert."""

    closed: list[Row]
    inserting: list[Row]


@dataclass
class UnitState:
    unit_id: str
    # The unit's current rows in rm_unit_version (by valid_from) and rm_unit_change (by ordinal): as read
    # from the tables until the versions and changes they were written from are known, then the rows of
    # those, one per version and change, kept so that only the rows that may change are built again.
    stored: tuple[list[Row], list[Row]]
    facts: UnitFacts
    versions: list[UnitVersion] | None = None
    changes: list[UnitChange] | None = None
    # Changes no longer held (``forget_the_past``): the held ones are numbered after them.
    changes_let_go: int = 0
    forgot_before: date | None = None  # the last version's start when the unit last forgot its past

    def refresh(self) -> tuple[RowDiff, RowDiff]:
        """Bring the rows in line with the facts; returns what to write."""
        facts = self.facts
        if self.versions is None or self.changes is None or facts.aliases_changed:
            assert not self.changes_let_go, "a unit that let go of versions is read whole again first"
            kept_versions, versions = 0, self._all_versions(facts)
            kept_changes, changes = 0, changes_from(self.unit_id, versions, 0, facts.points, 1)
        elif facts.dirty_from is None:
            return RowDiff([], []), RowDiff([], [])
        else:
            kept_versions, versions = self._versions_from(facts, facts.dirty_from)
            kept_changes, changes = self._changes_from(facts, versions, kept_versions)
        old_versions, old_changes = self._rows_after(kept_versions, kept_changes)
        version_rows = _rows(versions[kept_versions:], old_versions, version_row)
        change_rows = _rows(changes[kept_changes:], old_changes, change_row)
        facts.mark_read()
        stored_versions, stored_changes = self.stored
        self.versions, self.changes = versions, changes
        self.stored = (
            [*stored_versions[:kept_versions], *version_rows],
            [*stored_changes[:kept_changes], *change_rows],
        )
        return _diff(old_versions, version_rows), _diff(old_changes, change_rows)

    def needs_forgotten_facts(self) -> bool:
        """Whether a refresh would read statements the facts no longer hold (``UnitFacts.forget_ended_by``):
        it reads what is in force from the day it recomputes from (``_recompute_from``) on."""
        facts = self.facts
        if facts.forgotten_before is None:
            return False
        if facts.history_needed or facts.aliases_changed or self.versions is None:
            return True
        if facts.dirty_from is None:
            return False
        starting_before, start = self._recompute_from(facts.dirty_from)
        return starting_before == 0 or start < facts.forgotten_before

    def ended(self) -> bool:
        """Whether the unit's last version has an end: it is not in force after it, as far as is known."""
        return self.versions is not None and bool(self.versions) and self.versions[-1].valid_to is not None

    def forget_the_past(self) -> bool:
        """Have the facts let go of the statements that ended by the day a refresh reads from at the
        earliest without reading the unit whole again (the last version's start, or its end if it has
        one), and let go of the versions and changes no refresh reads again. Whether it forgot statements."""
        if not self.versions or self.facts.dirty_from is not None or self.facts.aliases_changed:
            return False
        last = self.versions[-1]
        day = last.valid_to or last.valid_from
        if day == self.forgot_before:  # what ended by it is forgotten
            return False
        self.forgot_before = day
        forgot = self.facts.forget_ended_by(day)
        if self.facts.forgotten_before is not None:
            self._let_go_of_versions_before(self.facts.forgotten_before)
        return forgot

    def _let_go_of_versions_before(self, day: date) -> None:
        """Keep two versions that start before ``day``, and the changes from the first one's start on.

        A refresh that does not read the unit whole again starts after ``day`` (``needs_forgotten_facts``):
        it recomputes from the last version starting before its day, so from the second kept one at the
        earliest, follows the one before that, and reads the changes from that version's start on."""
        assert self.versions is not None and self.changes is not None
        first_kept = bisect_left(self.versions, day, key=lambda v: v.valid_from) - 2
        if first_kept <= 0:
            return
        start = self.versions[first_kept].valid_from
        changes_before = bisect_left(self.changes, start, key=lambda c: c.effective_on)
        version_rows, change_rows = self.stored
        self.versions, self.changes = self.versions[first_kept:], self.changes[changes_before:]
        self.stored = version_rows[first_kept:], change_rows[changes_before:]
        self.changes_let_go += changes_before

    def _rows_after(self, kept_versions: int, kept_changes: int) -> tuple[list[_Built], list[_Built]]:
        """The current rows after the first ``kept_...`` ones, with what they were built from if known."""
        version_rows, change_rows = self.stored
        if self.versions is None or self.changes is None:
            return [(None, r) for r in version_rows[kept_versions:]], [
                (None, r) for r in change_rows[kept_changes:]
            ]
        return (
            list(zip(self.versions[kept_versions:], version_rows[kept_versions:], strict=True)),
            list(zip(self.changes[kept_changes:], change_rows[kept_changes:], strict=True)),
        )

    def _all_versions(self, facts: UnitFacts) -> list[UnitVersion]:
        return continue_versions(
            self.unit_id, facts, facts.boundaries.from_day(None), tuple(facts.aliases), None
        )

    def _recompute_from(self, day: date) -> tuple[int, date]:
        """For a change from ``day`` on: how many versions start before it, and the day the versions are
        recomputed from. That is the start of the last version starting before ``day``, which a change on
        its days may end or extend; or ``day`` itself if that version ended before it: then nothing from
        ``day`` on can change or extend it (a unit re-established after a gap)."""
        assert self.versions is not None
        starting_before = bisect_left(self.versions, day, key=lambda v: v.valid_from)
        if starting_before == 0:
            return 0, day
        last = self.versions[starting_before - 1]
        if last.valid_to is not None and last.valid_to < day:
            return starting_before, day
        return starting_before, last.valid_from

    def _versions_from(self, facts: UnitFacts, day: date) -> tuple[int, list[UnitVersion]]:
        """Recompute from ``_recompute_from(day)``, following the version before that day (which may only
        grow); returns how many versions stay as they were, and all versions."""
        assert self.versions is not None
        starting_before, start = self._recompute_from(day)
        if starting_before == 0:
            return 0, self._all_versions(facts)
        after_gap = start == day  # else it is the start of the last version before the day
        kept = starting_before - 1 if after_gap else max(starting_before - 2, 0)
        seed = self.versions[kept] if after_gap or starting_before >= 2 else None
        days = facts.boundaries.from_day(start)
        tail = continue_versions(self.unit_id, facts, days, tuple(facts.aliases), seed)
        return kept, [*self.versions[:kept], *tail]

    def _changes_from(
        self, facts: UnitFacts, versions: list[UnitVersion], first: int
    ) -> tuple[int, list[UnitChange]]:
        """The changes from ``versions[first]`` on; every earlier one falls before its start and stays."""
        assert self.changes is not None
        if first == 0:
            assert not self.changes_let_go, "the changes of versions let go were asked for"
            return 0, changes_from(self.unit_id, versions, 0, facts.points, 1)
        day = versions[first].valid_from
        kept = bisect_left(self.changes, day, key=lambda c: c.effective_on)
        points = [p for p in facts.points if p.effective_on >= day]
        numbered_from = self.changes_let_go + kept + 1
        return kept, [
            *self.changes[:kept],
            *changes_from(self.unit_id, versions, first, points, numbered_from),
        ]


_Built = tuple[Any, Row]  # a version or change (None if unknown), and its row


def _rows(items: list[Any], old: list[_Built], build: Callable[[Any], Row]) -> list[Row]:
    """The rows of ``items``, reusing the old row of an item that is the very same object."""
    return [old[i][1] if i < len(old) and old[i][0] is item else build(item) for i, item in enumerate(items)]


def _diff(old: list[_Built], rows: list[Row]) -> RowDiff:
    """Close the current rows that are no longer true and insert the new ones; rows that stay true stay as
    they are (with their original recorded time)."""
    current = [row for _, row in old]
    if current == rows:
        return RowDiff([], [])
    staying, wanted = set(rows), set(current)
    return RowDiff([row for row in current if row not in staying], [row for row in rows if row not in wanted])


def version_row(v: UnitVersion) -> Row:
    ended_by = v.ended_by.as_json() if v.ended_by is not None else b"null"
    facts = b",".join([source.as_json() for source in v.sources])
    return (
        v.unit_id,
        v.valid_from.isoformat(),
        v.valid_to.isoformat() if v.valid_to else None,
        v.name,
        v.kind,
        v.parent_id,
        v.head_post,
        _names_json(v.head_reports_to),
        _names_json(v.aliases),
        b"".join((b'{"ended_by":', ended_by, b',"facts":[', facts, b"]}")),  # keys sorted, as json_text
    )


_NAMES_JSON: dict[tuple[str, ...], str] = {}  # a few thousand distinct lists of names in an S100 history


def _names_json(names: tuple[str, ...]) -> str:
    """A list of names as the read models store it, made once per list: every version row has two."""
    text = _NAMES_JSON.get(names)
    if text is None:
        if len(_NAMES_JSON) >= 100_000:
            _NAMES_JSON.clear()
        text = _NAMES_JSON[names] = json_text(list(names))
    return text


def change_row(c: UnitChange) -> Row:
    return (
        c.unit_id,
        c.ordinal,
        c.effective_on.isoformat(),
        c.change.value,
        c.name,
        c.before,
        c.after,
        c.source.as_json() if c.source else None,
    )
