"""What the projector leaves alive is frozen out of the collector's sight without a collection first
(``collector_paused``): that holds only while recording and projecting make no reference cycles. A cycle
made there would never be freed."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from service.bootstrap import Sgb
from service.ingest import DocumentRequest
from service.parsing import Hints
from tests.conftest import FIXTURES


@pytest.fixture
def garbage_kept() -> Iterator[list[object]]:
    """What the collector finds unreachable from here on, kept for the test to look at."""
    gc.unfreeze()  # and what earlier tests left frozen collected now, out of the way
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        yield gc.garbage
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


def test_ingesting_correcting_and_rebuilding_make_no_reference_cycles(
    sgb: Sgb, garbage_kept: list[object]
) -> None:
    sgb.ingest_bundled_corpus()
    abolishing = FIXTURES / "documents/st-sgb-2012-9-abolishes-dfs.txt"
    sgb.ingestor.ingest([DocumentRequest(abolishing, Hints())])
    sgb.projector.rebuild()

    gc.unfreeze()
    gc.collect()
    assert [type(o).__qualname__ for o in garbage_kept] == []
