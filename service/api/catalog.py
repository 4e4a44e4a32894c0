"""Every issuance and abolition known at a recorded time, loaded once so that nested fields never query.

`Issuance.status`, `abolishes`, `abolishedBy`, `Provenance.issuance` and `Organization.inForce` are answered
from a `Catalog`. Catalogues are cached per (projector position, recorded-time bound): a newly projected
issuance moves the position, so a cached catalogue is never served stale.

Loading one reads every issuance, abolition and citation (1.8 s at S100). The present record's is not
loaded again when the position moves: the last one is extended with what was recorded since, which costs
what was recorded (``Catalog.extended``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from operator import attrgetter

from service.api.read_side import ReadSide
from service.projections.rows import citations_by_target, cited_view
from service.projections.status import issuance_status
from service.projections.views import AbolitionView, IssuanceView, RecordedSince, Status

_CACHED_CATALOGS = 16


_IN_FORCE = frozenset({Status.IN_FORCE, Status.PARTIALLY_ABOLISHED})


@dataclass(frozen=True)
class Catalog:
    """Issuances by symbol (the recorded ones, then those known only by citation, each by symbol), with the
    abolitions each one makes and suffers (each issuer's in document order)."""

    issuances: dict[str, IssuanceView]
    abolitions_by_issuer: dict[str, tuple[AbolitionView, ...]]
    abolitions_against: dict[str, tuple[AbolitionView, ...]]
    recorded_until: str = ""  # the latest time an issuance it holds was recorded at
    recorded_symbols: frozenset[str] = frozenset()  # theirs, in upper case

    def status(self, issuance: IssuanceView, as_of: date) -> str:
        return issuance_status(issuance, self.abolitions_against.get(issuance.symbol, ()), as_of)

    def in_force(self, as_of: date) -> list[IssuanceView]:
        return [i for i in self.issuances.values() if self.status(i, as_of) in _IN_FORCE]

    def extended(self, since: RecordedSince) -> Catalog | None:
        """This catalogue of the present record with what was recorded since (``since``): the same as loading
        it anew. None if an issuance was recorded at an earlier time than one this catalogue holds (the
        clocks of two recording processes, or a load that read beyond its position): their citations, which
        a load reads in recorded order, would not all come after these.

        It costs what was recorded, and copying what is held (at S100, 30,800 issuances and 38,800
        abolitions): the dictionaries are copied whole and the lists sorted again, each in one pass, since
        they are sorted already; a new catalogue made from all of them took 0.3 s there."""
        if any((i.recorded_at or "") <= self.recorded_until for i in since.issuances):
            return None
        newly = {i.symbol.upper() for i in since.issuances}
        known = self.recorded_symbols | newly
        held = list(self.issuances.values())
        cited = {i.symbol.upper(): i for i in held if not i.recorded and i.symbol.upper() not in newly}
        for upper, (spelling, citations) in citations_by_target(since.citations).items():
            if upper not in known:
                cited[upper] = _cited_further(cited.get(upper), spelling, citations)
        against = dict(self.abolitions_against)
        for target, suffered in _grouped(since.abolitions, _TARGET).items():
            against[target] = tuple(sorted([*against.get(target, ()), *suffered], key=_ISSUER))
        recorded = [*(i for i in held if i.recorded), *since.issuances]
        return Catalog(
            _ordered(recorded, cited.values()),
            {**self.abolitions_by_issuer, **_grouped(since.abolitions, _ISSUER)},
            against,
            max(i.recorded_at or "" for i in since.issuances) if since.issuances else self.recorded_until,
            known,
        )


def _cited_further(before: IssuanceView | None, spelling: str, citations: list[str]) -> IssuanceView:
    """A document known by citation, cited again (or for the first time) by ``citations``, which come after
    every earlier one: the first title and date its citations give are the earlier ones', if any."""
    if before is not None and before.title and before.issued_on:
        return before
    further = cited_view(before.symbol if before else spelling, citations)
    if before is None:
        return further
    title, issued_on = before.title or further.title, before.issued_on or further.issued_on
    return replace(before, title=title, issued_on=issued_on)


_SYMBOL = attrgetter("symbol")
_ISSUER = attrgetter("by")
_TARGET = attrgetter("target")


def _grouped(
    abolitions: Iterable[AbolitionView], key: Callable[[AbolitionView], str]
) -> dict[str, tuple[AbolitionView, ...]]:
    """By issuer or by target, each group in the order given."""
    groups: dict[str, list[AbolitionView]] = {}
    for abolition in abolitions:
        groups.setdefault(key(abolition), []).append(abolition)
    return {k: tuple(v) for k, v in groups.items()}


def _ordered(recorded: Iterable[IssuanceView], cited: Iterable[IssuanceView]) -> dict[str, IssuanceView]:
    """Sorted here rather than by the database: PostgreSQL's collation orders symbols otherwise, and an
    extended catalogue must list them as a loaded one does."""
    listed = [*sorted(recorded, key=_SYMBOL), *sorted(cited, key=_SYMBOL)]
    return dict(zip(map(_SYMBOL, listed), listed, strict=True))


def load_catalog(read_model: ReadSide, known_at: str | None) -> Catalog:
    """Blocking: read every issuance and every abolition recorded up to `known_at` (None: now)."""
    issuances = read_model.all_issuances(known_at)
    recorded = [i for i in issuances if i.recorded]
    abolitions = sorted(read_model.abolitions(known_at=known_at), key=_ISSUER)  # stable: in document order
    return Catalog(
        _ordered(recorded, [i for i in issuances if not i.recorded]),
        _grouped(abolitions, _ISSUER),
        _grouped(abolitions, _TARGET),
        max((i.recorded_at or "" for i in recorded), default=""),
        frozenset(i.symbol.upper() for i in recorded),
    )


class CatalogCache:
    """A small LRU of catalogues keyed by (projector position, recorded-time bound); thread-safe. The
    present record's latest is extended to a later position rather than loaded anew."""

    def __init__(self, size: int = _CACHED_CATALOGS) -> None:
        self._size = size
        self._catalogs: OrderedDict[tuple[int, str | None], Catalog] = OrderedDict()
        self._present: tuple[int, Catalog] | None = None  # the present record's at the latest position
        self._lock = threading.Lock()

    def get(self, read_model: ReadSide, known_at: str | None) -> Catalog:
        """Blocking: the cached catalogue, or one extended or loaded anew."""
        position = read_model.position()
        key = (position, known_at)
        with self._lock:
            catalog = self._catalogs.get(key)
            if catalog is not None:
                self._catalogs.move_to_end(key)
                return catalog
            present = self._present if known_at is None else None
        catalog = self._extended(present, read_model, position) or load_catalog(read_model, known_at)
        with self._lock:
            self._catalogs[key] = catalog
            while len(self._catalogs) > self._size:
                self._catalogs.popitem(last=False)
            if known_at is None and (self._present is None or self._present[0] < position):
                self._present = (position, catalog)
        return catalog

    @staticmethod
    def _extended(present: tuple[int, Catalog] | None, read_model: ReadSide, position: int) -> Catalog | None:
        """The present record's catalogue at an earlier position, extended to ``position``; None if there is
        none (or the position went back: a rebuild under way)."""
        if present is None or present[0] > position:
            return None
        since, catalog = present
        return catalog.extended(read_model.recorded_since(since))
