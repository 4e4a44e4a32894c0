"""Around a catch-up the collector is paused and what is alive afterwards frozen; a cycle frozen while alive
is still freed, by the full collection that runs once the memory in use has doubled."""

from __future__ import annotations

import gc
import sys
import weakref

import pytest

from service.projections import collector
from service.projections.collector import collector_paused


class _Node:
    def __init__(self) -> None:
        self.itself = self


def test_what_a_catch_up_leaves_alive_is_frozen_and_the_collector_enabled_again() -> None:
    with collector_paused():
        assert not gc.isenabled()
        alive = _Node()
    assert gc.isenabled()
    assert gc.is_tracked(alive) and gc.get_freeze_count() > 0


def test_a_cycle_frozen_while_alive_is_freed_once_the_memory_in_use_doubles(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with collector_paused():
        cycle = _Node()
    gone = weakref.ref(cycle)
    del cycle
    monkeypatch.setattr(collector, "_blocks_after_full_collection", sys.getallocatedblocks())
    with collector_paused():
        pass
    assert gone() is not None  # frozen: the collections before a catch-up do not look at it

    monkeypatch.setattr(collector, "_blocks_after_full_collection", sys.getallocatedblocks() // 2 - 1)
    with collector_paused():
        pass
    assert gone() is None
