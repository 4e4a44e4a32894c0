"""Every issuance and abolition known at a recorded time, loaded once so that nested fields never query.

`Issuance.status`, `abolishes`, `abolishedBy`, `Provenance.issuance` and `Organization.inForce` are answered
from a `Catalog`. Loading one costs a query per recorded issuance, so catalogues are cached per
(projector position, recorded-time bound): a newly projected issuance moves the position, so a cached
catalogue is never served stale.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from service.api.read_side import ReadSide
from service.projections.views import AbolitionView, IssuanceView, Status

_CACHED_CATALOGS = 16


def issuance_status(issuance: IssuanceView, abolitions_against: Iterable[AbolitionView], as_of: date) -> str:
    """The status of an issuance on `as_of`, given every abolition aimed at it.

    Mirrors `ReadModel.status` (which queries the abolitions itself); tests/unit/api checks they agree.
    """
    if issuance.kind == "report":
        return Status.PROPOSAL
    effective = [a for a in abolitions_against if a.effective_on is not None and a.effective_on <= as_of]
    if any(not a.sections for a in effective):
        return Status.ABOLISHED
    if issuance.effective_on is not None and as_of < issuance.effective_on:
        return Status.NOT_YET_IN_FORCE
    if effective:
        return Status.PARTIALLY_ABOLISHED
    if issuance.effective_on is None:
        return Status.UNKNOWN
    return Status.IN_FORCE


_IN_FORCE = frozenset({Status.IN_FORCE, Status.PARTIALLY_ABOLISHED})


@dataclass(frozen=True)
class Catalog:
    """Issuances by symbol, with the abolitions each one makes and suffers."""

    issuances: dict[str, IssuanceView]
    abolitions_by_issuer: dict[str, tuple[AbolitionView, ...]]
    abolitions_against: dict[str, tuple[AbolitionView, ...]]

    def status(self, issuance: IssuanceView, as_of: date) -> str:
        return issuance_status(issuance, self.abolitions_against.get(issuance.symbol, ()), as_of)

    def in_force(self, as_of: date) -> list[IssuanceView]:
        return [i for i in self.issuances.values() if self.status(i, as_of) in _IN_FORCE]


def load_catalog(read_model: ReadSide, known_at: str | None) -> Catalog:
    """Blocking: read every issuance and every abolition recorded up to `known_at` (None: now)."""
    issuances = read_model.issuances(known_at)
    by_issuer: dict[str, tuple[AbolitionView, ...]] = {}
    against: dict[str, list[AbolitionView]] = {}
    for issuance in issuances:
        if not issuance.recorded:  # only a recorded document can abolish anything
            continue
        made = tuple(read_model.abolitions(by=issuance.symbol, known_at=known_at))
        if made:
            by_issuer[issuance.symbol] = made
        for abolition in made:
            against.setdefault(abolition.target, []).append(abolition)
    return Catalog({i.symbol: i for i in issuances}, by_issuer, {k: tuple(v) for k, v in against.items()})


class CatalogCache:
    """A small LRU of catalogues keyed by (projector position, recorded-time bound); thread-safe."""

    def __init__(self, size: int = _CACHED_CATALOGS) -> None:
        self._size = size
        self._catalogs: OrderedDict[tuple[int, str | None], Catalog] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, read_model: ReadSide, known_at: str | None) -> Catalog:
        """Blocking: the cached catalogue, or a freshly loaded one."""
        key = (read_model.position(), known_at)
        with self._lock:
            catalog = self._catalogs.get(key)
            if catalog is not None:
                self._catalogs.move_to_end(key)
                return catalog
        catalog = load_catalog(read_model, known_at)
        with self._lock:
            self._catalogs[key] = catalog
            while len(self._catalogs) > self._size:
                self._catalogs.popitem(last=False)
        return catalog
