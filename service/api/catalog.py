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
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from service.api.read_side import ReadSide
from service.projections.rows import cited_view
from service.projections.status import issuance_status
from service.projections.views import AbolitionView, IssuanceView, RecordedSince, Status

_CACHED_CATALOGS = 16


_IN_FORCE = frozenset({Status.IN_FORCE, Status.PARTIALLY_ABOLISHED})


@dataclass(frozen=True)
class Catalog:
    """Issuances by symbol (the recorded ones, then those known only by citation, each by symbol), with the
    abolitions each one makes and suffers (by issuer, then in document order)."""

    issuances: dict[str, IssuanceView]
    abolitions_by_issuer: dict[str, tuple[AbolitionView, ...]]
    abolitions_against: dict[str, tuple[AbolitionView, ...]]

    def status(self, issuance: IssuanceView, as_of: date) -> str:
        return issuance_status(issuance, self.abolitions_against.get(issuance.symbol, ()), as_of)

    def in_force(self, as_of: date) -> list[IssuanceView]:
        return [i for i in self.issuances.values() if self.status(i, as_of) in _IN_FORCE]

    def extended(self, since: RecordedSince) -> Catalog | None:
        """This catalogue of the present record with what was recorded since (``since``): the same as loading
        it anew. None if an issuance was recorded at an earlier time than one this catalogue holds (the
        clocks of two recording processes, or a load that read beyond its position): their citations, which
        a load reads in recorded order, would not all come after these."""
        recorded = {s: i for s, i in self.issuances.items() if i.recorded}
        latest = max((i.recorded_at or "" for i in recorded.values()), default="")
        if any((i.recorded_at or "") <= latest for i in since.issuances):
            return None
        recorded.update((i.symbol, i) for i in since.issuances)
        known = {symbol.upper() for symbol in recorded}
        cited = {s.upper(): i for s, i in self.issuances.items() if not i.recorded and s.upper() not in known}
        for upper, (spelling, citations) in _by_target(since.citations).items():
            if upper not in known:
                cited[upper] = _cited_further(cited.get(upper), spelling, citations)
        abolitions = [a for made in self.abolitions_by_issuer.values() for a in made]
        return _catalog(recorded.values(), cited.values(), [*abolitions, *since.abolitions])


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


def _by_target(citations: Iterable[tuple[str, str]]) -> dict[str, tuple[str, list[str]]]:
    """Citations by upper-case target: its first spelling, and their data in the order given."""
    grouped: dict[str, tuple[str, list[str]]] = {}
    for target, data in citations:
        grouped.setdefault(target.upper(), (target, []))[1].append(data)
    return grouped


def _catalog(
    recorded: Iterable[IssuanceView], cited: Iterable[IssuanceView], abolitions: Iterable[AbolitionView]
) -> Catalog:
    """Sorted here rather than by the database: PostgreSQL's collation orders symbols otherwise, and an
    extended catalogue must list them as a loaded one does."""
    issuances = {
        i.symbol: i
        for i in [*sorted(recorded, key=_symbol), *sorted(cited, key=_symbol)]  # a dict keeps the first
    }
    against: dict[str, list[AbolitionView]] = {}
    made: dict[str, list[AbolitionView]] = {}
    for abolition in sorted(abolitions, key=_issuer):  # stable: each issuer's in document order
        made.setdefault(abolition.by, []).append(abolition)
        against.setdefault(abolition.target, []).append(abolition)
    return Catalog(
        issuances, {k: tuple(v) for k, v in made.items()}, {k: tuple(v) for k, v in against.items()}
    )


def _symbol(issuance: IssuanceView) -> str:
    return issuance.symbol


def _issuer(abolition: AbolitionView) -> str:
    return abolition.by


def load_catalog(read_model: ReadSide, known_at: str | None) -> Catalog:
    """Blocking: read every issuance and every abolition recorded up to `known_at` (None: now)."""
    issuances = read_model.all_issuances(known_at)
    return _catalog(
        [i for i in issuances if i.recorded],
        [i for i in issuances if not i.recorded],
        read_model.abolitions(known_at=known_at),
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
