"""The read side: answers about the organisation as of a date, as known at a recorded time.

As-of answers are served per change point: every date between two change points has the same answer,
so a state is built once per (change point, recorded-time slice, projector position) and cached.
A newly projected issuance moves the position, so a cached state can never be served stale.

One request reads the position once: the API pins it (``pinned_at``) for everything the request asks.
"""

from __future__ import annotations

import bisect
import threading
from collections import OrderedDict
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from typing import Any

from events.issuance import normalise_symbol
from service.projections.provisions import recorded_time
from service.projections.rows import (
    ABOLITION_COLUMNS,
    CHANGE_COLUMNS,
    ISSUANCE_COLUMNS,
    UNIT_COLUMNS,
    abolition_view,
    change_view,
    cited_view,
    current_versions_on,
    issuance_view,
    recorded_slice,
    unit_view,
)
from service.projections.status import issuance_status
from service.projections.store import ReadStore
from service.projections.views import (
    AbolitionView,
    ChangeView,
    CorrectionView,
    IssuanceView,
    OrganizationState,
    PassageView,
    ProvisionView,
    RecordedSince,
    Status,
    UnitView,
)

_CACHE_SIZE = 32  # organisation states (a few MB each); whole answers are kept by the API

# The position pinned for the current request, with the read model it is a position of. A context variable:
# worker threads started for the request (run_in_threadpool copies the context) see it too.
_PINNED: ContextVar[tuple[ReadModel, int] | None] = ContextVar("sgb_pinned_position", default=None)


def known_at_bound(known_at: datetime | None) -> str | None:
    """A recorded-time bound in the stored form; naive datetimes are taken as UTC."""
    if known_at is None:
        return None
    if known_at.tzinfo is None:
        raise ValueError("asKnownAt needs a time zone offset, e.g. 2026-11-24T17:00:00Z")
    return recorded_time(known_at)


class ReadModel:
    def __init__(self, store: ReadStore) -> None:
        self.store = store
        self._states: OrderedDict[tuple[Any, ...], OrganizationState] = OrderedDict()
        self._points: dict[tuple[int, str | None], list[date]] = {}
        self._lock = threading.Lock()

    # -- positions and change points ------------------------------------------------------------------
    def position(self) -> int:
        """The projector position: the one pinned by ``pinned_at`` if any, else read from the store."""
        pinned = _PINNED.get()
        if pinned is not None and pinned[0] is self:
            return pinned[1]
        rows = self.store.query("SELECT position FROM rm_tracking WHERE name = 'read_models'")
        return int(rows[0][0]) if rows else 0

    @contextmanager
    def pinned_at(self, position: int) -> Iterator[None]:
        """Within the block, ``position()`` is ``position`` without a query: the caches one request consults
        are all keyed by the position its answer is kept under, read once (a query's worth on PostgreSQL)."""
        token = _PINNED.set((self, position))
        try:
            yield
        finally:
            _PINNED.reset(token)

    def change_points(self, known_at: str | None = None) -> list[date]:
        return self._change_points(self.position(), known_at)

    def _change_points(self, position: int, known_at: str | None) -> list[date]:
        key = (position, known_at)
        cached = self._points.get(key)
        if cached is not None:
            return cached
        if known_at is None:  # kept by the projector
            rows = self.store.query("SELECT day FROM rm_change_point")
        else:
            where, params = recorded_slice(known_at)
            rows = self.store.query(
                f"SELECT valid_from FROM rm_unit_version WHERE {where} UNION "
                f"SELECT valid_to FROM rm_unit_version WHERE {where} AND valid_to IS NOT NULL",
                params + params,
            )
        points = sorted({date.fromisoformat(r[0]) for r in rows})
        with self._lock:
            self._points = {key: points}
        return points

    # -- the organisation -----------------------------------------------------------------------------
    def organization(self, as_of: date, known_at: str | None = None) -> OrganizationState:
        position = self.position()  # read once: the points and the state are of the same position
        points = self._change_points(position, known_at)
        index = bisect.bisect_right(points, as_of)
        valid_from = points[index - 1] if index else None
        valid_to = points[index] if index < len(points) else None
        key = (position, known_at, valid_from)
        with self._lock:
            state = self._states.get(key)
            if state is not None:
                self._states.move_to_end(key)
                return OrganizationState(
                    as_of, valid_from, valid_to, state.units, state.by_id, state.children
                )
        state = self._build_state(as_of, valid_from, valid_to, known_at)
        with self._lock:
            self._states[key] = state
            while len(self._states) > _CACHE_SIZE:
                self._states.popitem(last=False)
        return state

    def _build_state(
        self, as_of: date, valid_from: date | None, valid_to: date | None, known_at: str | None
    ) -> OrganizationState:
        units = tuple(self._units_on(valid_from, known_at)) if valid_from else ()
        by_id = {u.id: u for u in units}
        children: dict[str, list[UnitView]] = {}
        for unit in units:
            if unit.parent_id is not None:
                children.setdefault(unit.parent_id, []).append(unit)
        return OrganizationState(
            as_of, valid_from, valid_to, units, by_id, {k: tuple(v) for k, v in children.items()}
        )

    def _units_on(self, day: date, known_at: str | None) -> list[UnitView]:
        if known_at is None:  # the present record: the interval index
            rows = self.store.query(*current_versions_on(self.store.settings.backend, day))
            return [unit_view(r) for r in rows]
        where, params = recorded_slice(known_at)
        rows = self.store.query(
            f"SELECT {UNIT_COLUMNS} FROM rm_unit_version WHERE {where} AND valid_from <= ? "
            "AND (valid_to IS NULL OR valid_to > ?) ORDER BY unit_id",
            (*params, day.isoformat(), day.isoformat()),
        )
        return [unit_view(r) for r in rows]

    def unit(self, unit_id: str, as_of: date, known_at: str | None = None) -> UnitView | None:
        return self.organization(as_of, known_at).by_id.get(unit_id)

    def unit_known(self, unit_id: str) -> bool:
        """Whether any version of the unit was ever recorded: a search of the versions' key. (A set of every
        unit id, read again at each projector position, took 0.7 s of the first answer after a recording at
        S100.)"""
        return bool(self.store.query("SELECT 1 FROM rm_unit_version WHERE unit_id = ? LIMIT 1", (unit_id,)))

    def unit_versions(self, unit_id: str, known_at: str | None = None) -> list[UnitView]:
        where, params = recorded_slice(known_at)
        rows = self.store.query(
            f"SELECT {UNIT_COLUMNS} FROM rm_unit_version WHERE unit_id = ? AND {where} ORDER BY valid_from",
            (unit_id, *params),
        )
        return [unit_view(r) for r in rows]

    # -- changes --------------------------------------------------------------------------------------
    def unit_history(self, unit_id: str, known_at: str | None = None) -> list[ChangeView]:
        where, params = recorded_slice(known_at)
        rows = self.store.query(
            f"SELECT {CHANGE_COLUMNS} FROM rm_unit_change WHERE unit_id = ? AND {where} "
            "ORDER BY effective_on, ordinal",
            (unit_id, *params),
        )
        return [change_view(r) for r in rows]

    def changes(self, after: date, until: date, known_at: str | None = None) -> list[ChangeView]:
        """What changed in (after, until]."""
        where, params = recorded_slice(known_at)
        rows = self.store.query(
            f"SELECT {CHANGE_COLUMNS} FROM rm_unit_change WHERE {where} "
            "AND effective_on > ? AND effective_on <= ? ORDER BY effective_on, unit_id, ordinal",
            (*params, after.isoformat(), until.isoformat()),
        )
        return [change_view(r) for r in rows]

    # -- issuances ------------------------------------------------------------------------------------
    def issuance(self, symbol: str, known_at: str | None = None) -> IssuanceView | None:
        symbol = normalise_symbol(symbol)
        rows = self.store.query(
            f"SELECT {ISSUANCE_COLUMNS} FROM rm_issuance WHERE UPPER(symbol) = UPPER(?) AND "
            f"{self._recorded_before(known_at)}",
            (symbol, *self._bound(known_at)),
        )
        if rows:
            return issuance_view(rows[0])
        return self._referenced(symbol, known_at)

    def _referenced(self, symbol: str, known_at: str | None) -> IssuanceView | None:
        rows = self.store.query(
            "SELECT data, target FROM rm_provision WHERE UPPER(target) = UPPER(?) AND target IS NOT NULL "
            f"AND kind IN ('ABOLISHES', 'CITES') AND {self._recorded_before(known_at)} "
            "ORDER BY recorded_at, symbol, seq",
            (symbol, *self._bound(known_at)),
        )
        if not rows:
            return None
        return cited_view(rows[0][1], [data for data, _ in rows])

    @staticmethod
    def _recorded_before(known_at: str | None) -> str:
        return "1 = 1" if known_at is None else "recorded_at <= ?"

    @staticmethod
    def _bound(known_at: str | None) -> tuple[str, ...]:
        return () if known_at is None else (known_at,)

    def issuances(self, known_at: str | None = None) -> list[IssuanceView]:
        rows = self.store.query(
            f"SELECT {ISSUANCE_COLUMNS} FROM rm_issuance WHERE "
            f"{self._recorded_before(known_at)} ORDER BY symbol",
            self._bound(known_at),
        )
        recorded = [issuance_view(r) for r in rows]
        known = {i.symbol for i in recorded}
        targets = self.store.query(
            "SELECT DISTINCT target FROM rm_provision WHERE target IS NOT NULL AND "
            f"{self._recorded_before(known_at)} ORDER BY target",
            self._bound(known_at),
        )
        referenced = [self._referenced(t[0], known_at) for t in targets if t[0] not in known]
        return recorded + [r for r in referenced if r is not None]

    def abolitions(
        self, *, by: str | None = None, target: str | None = None, known_at: str | None = None
    ) -> list[AbolitionView]:
        """The abolitions one issuance makes (``by``), or suffers (``target``), or all of them."""
        # An abolition always has a target: said, so that the index of provisions with one serves.
        conditions, params = ["p.kind = 'ABOLISHES' AND p.target IS NOT NULL"], list(self._bound(known_at))
        if known_at is not None:
            conditions.append("p.recorded_at <= ?")
        for column, symbol in (("p.symbol", by), ("p.target", target)):
            if symbol is not None:
                conditions.append(f"UPPER({column}) = UPPER(?)")
                params.append(normalise_symbol(symbol))
        rows = self.store.query(
            f"SELECT {ABOLITION_COLUMNS} FROM rm_provision p JOIN rm_issuance i ON i.symbol = p.symbol "
            f"WHERE {' AND '.join(conditions)} ORDER BY p.symbol, p.seq",
            params,
        )
        return [abolition_view(row) for row in rows]

    def status(self, issuance: IssuanceView, as_of: date, known_at: str | None = None) -> str:
        return issuance_status(issuance, self.abolitions(target=issuance.symbol, known_at=known_at), as_of)

    def in_force(self, as_of: date, known_at: str | None = None) -> list[IssuanceView]:
        return [
            i
            for i in self.issuances(known_at)
            if self.status(i, as_of, known_at) in (Status.IN_FORCE, Status.PARTIALLY_ABOLISHED)
        ]

    def provisions(self, symbol: str, known_at: str | None = None) -> list[ProvisionView]:
        rows = self.store.query(
            "SELECT symbol, seq, kind, section, paragraph, quote, unit_id, target, data FROM rm_provision "
            f"WHERE symbol = ? AND {self._recorded_before(known_at)} ORDER BY seq",
            (normalise_symbol(symbol), *self._bound(known_at)),
        )
        return [ProvisionView(*r) for r in rows]

    # -- feeds and the audit view (service.projections.feeds / audit) ---------------------------------
    def all_unit_versions(self, known_at: str | None = None) -> list[UnitView]:
        from service.projections.feeds import all_unit_versions

        return all_unit_versions(self.store, known_at)

    def recorded_since(self, position: int) -> RecordedSince:
        from service.projections.feeds import recorded_since

        return recorded_since(self.store, position)

    def all_issuances(self, known_at: str | None = None) -> list[IssuanceView]:
        """`issuances`, in three queries rather than one per cited document."""
        from service.projections.feeds import all_issuances

        return all_issuances(self.store, known_at)

    def provisions_for(
        self, symbols: list[str], known_at: str | None = None
    ) -> dict[str, list[ProvisionView]]:
        from service.projections.feeds import provisions_for

        return provisions_for(self.store, symbols, known_at)

    def passages(self, keys: Collection[tuple[str, int]]) -> dict[tuple[str, int], PassageView]:
        """Where each provision named by (symbol, seq) stands, and its words: what a source refers to."""
        from service.projections.feeds import passages

        return passages(self.store, keys)

    def recorded_changes(self, since: str | None = None) -> list[Any]:
        """`audit.RecordedChangeView`s (typed in `service.api.read_side.ReadSide`)."""
        from service.projections.audit import recorded_changes

        return recorded_changes(self.store, since)

    def recordings_after(self, position: int) -> list[Any]:
        """`audit.RecordingView`s (typed in `service.api.read_side.ReadSide`)."""
        from service.projections.audit import recordings_after

        return recordings_after(self.store, position)

    def corrections(
        self, symbol: str | None = None, unit_id: str | None = None, known_at: str | None = None
    ) -> list[CorrectionView]:
        """Recorded corrections (service.projections.corrections): the audit trail of overrides."""
        from service.projections.corrections import corrections

        return corrections(self.store, symbol, unit_id, known_at)
