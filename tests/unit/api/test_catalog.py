"""The catalogue of issuances: extended with what was recorded since, unless it cannot tell that the result
is what a load gives; cached per position, loaded anew when the position goes back (a rebuild)."""

from __future__ import annotations

import pytest

from service.api import catalog
from service.api.catalog import Catalog, CatalogCache
from service.projections.views import IssuanceView, RecordedSince
from tests.unit.api.fake_read_model import FakeReadModel


def _recorded(symbol: str, recorded_at: str) -> IssuanceView:
    return IssuanceView(symbol, None, "bulletin", None, None, True, recorded_at=recorded_at)


LATEST = "2026-01-02T00:00:00.000000+00:00"
HELD = Catalog(
    {"ST/SGB/2020/1": _recorded("ST/SGB/2020/1", LATEST)}, {}, {}, LATEST, frozenset({"ST/SGB/2020/1"})
)


@pytest.mark.parametrize(
    ("recorded_at", "extended"),
    [
        ("2026-01-03T00:00:00.000000+00:00", True),
        ("2026-01-02T00:00:00.000000+00:00", False),  # the same instant: which comes first is not known
        ("2026-01-01T00:00:00.000000+00:00", False),  # recorded earlier, projected later: another clock
    ],
)
def test_an_issuance_recorded_before_the_latest_held_makes_it_load_anew(
    recorded_at: str, extended: bool
) -> None:
    since = RecordedSince((_recorded("ST/SGB/2020/2", recorded_at),), (), ())
    found = HELD.extended(since)
    assert (found is not None) == extended
    if found is not None:
        assert list(found.issuances) == ["ST/SGB/2020/1", "ST/SGB/2020/2"]


def test_the_present_catalogue_is_extended_forward_and_loaded_anew_backward(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    read_model = FakeReadModel()
    loads: list[int] = []
    load = catalog.load_catalog

    def counted(read_side: FakeReadModel, known_at: str | None) -> Catalog:
        loads.append(read_side.position())
        return load(read_side, known_at)

    monkeypatch.setattr(catalog, "load_catalog", counted)
    cache = CatalogCache()
    for position in (7, 8, 9, 3, 4, 10):  # 3: a rebuild under way went back
        read_model.projected_to = position
        assert cache.get(read_model, None) == load(read_model, None)
    assert loads == [7, 3, 4]  # 10: extended from 9
    cache.get(read_model, "2019-01-01T00:00:00.000000+00:00")  # as known then: loaded
    assert loads == [7, 3, 4, 10]
