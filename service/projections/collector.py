"""The cyclic garbage collector around a catch-up: paused while it runs, and kept off what it leaves."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while projecting, and none over what it leaves alive afterwards.

    The collector would go over the projector's memory again and again: a third of a rebuild's time while
    it runs, and, after it, full collections while the next documents were parsed (most of an S100
    ingest's time by its middle). So what is alive at the end is frozen (``gc.freeze``): the collector no
    longer looks at it, though it is still freed when no longer referenced. Collecting at the end went
    over everything the catch-up made (8 % of a rebuild) and never found anything: the projection makes
    no reference cycles (a test keeps that true). What the caller made is collected before, and a cycle
    frozen while alive is found by a collection of everything each time the memory in use doubles, as
    CPython's own collector goes over its oldest generation: in all, a few passes over what is held."""
    was_enabled = gc.isenabled()
    if was_enabled:
        _collect_before_catching_up()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()


_blocks_after_full_collection = 0


def _collect_before_catching_up() -> None:
    """Collect what is not frozen; everything, once the memory in use has doubled since the last time.
    Memory is measured in allocated blocks, which the interpreter keeps count of: counting the frozen
    objects walks them all (3 % of an S10 ingest)."""
    global _blocks_after_full_collection  # one collector per process
    if sys.getallocatedblocks() > 2 * _blocks_after_full_collection:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        _blocks_after_full_collection = sys.getallocatedblocks()
    else:
        gc.collect()
