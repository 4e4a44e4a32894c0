"""The units in force on a day, found by the interval index of current versions (migration 0004), are the
ones a plain scan of the current versions finds: after ingest, after a later document closes versions,
and after a rebuild."""

from __future__ import annotations

from datetime import timedelta

from service.bootstrap import Sgb
from service.ingest import DocumentRequest
from service.parsing import Hints
from tests.conftest import FIXTURES

EVERYTHING_RECORDED = "9999-12-31T00:00:00.000000+00:00"  # a recorded-time bound: the scan path


def assert_index_agrees_with_scan(sgb: Sgb) -> int:
    points = sgb.read_model.change_points()
    days = [d for p in points for d in (p - timedelta(days=1), p, p + timedelta(days=1))]
    compared = 0
    for day in days:
        by_index = sgb.read_model._units_on(day, None)
        by_scan = sgb.read_model._units_on(day, EVERYTHING_RECORDED)
        assert by_index == by_scan, day
        compared += len(by_index)
    return compared


def test_the_interval_index_finds_what_a_scan_finds(sgb: Sgb) -> None:
    sgb.ingest_bundled_corpus()
    assert assert_index_agrees_with_scan(sgb) > 0
    abolishing = FIXTURES / "documents/st-sgb-2012-9-abolishes-dfs.txt"
    sgb.ingestor.ingest([DocumentRequest(abolishing, Hints())])  # closes versions recorded before
    assert assert_index_agrees_with_scan(sgb) > 0
    sgb.projector.rebuild()
    assert assert_index_agrees_with_scan(sgb) > 0
