"""Every issuance and abolition known at a recorded time, loaded once so that nested fields never query.

`Issuance.status`, `abolishes`, `abolishedBy`, `Provenance.issuance` and `Organization.inForce` are answered
from a `Catalog`. Loading one costs two queries (issuances, abolitions), and catalogues are cached per
(projector position, recorded-time bound): a newly projected issuance moves the position, so a cached
catalogue is never served stale.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

from service.api.read_side import ReadSide
from service.projections.status import issuance_status
from service.projections.views import AbolitionView, IssuanceView, Status

_CACHED_CATALOGS = 16


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
    issuances = read_model.all_issuances(known_at)
    against: dict[str, list[AbolitionView]] = {}
    made: dict[str, list[AbolitionView]] = {}
    for abolition in read_model.abolitions(known_at=known_at):
        made.setdefault(abolition.by, []).append(abolition)
        against.setdefault(abolition.target, []).append(abolition)
    by_issuer = {k: tuple(v) for k, v in made.items()}
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
