"""How fast this machine session is, measured beside the figures: `python -m benchmarks.yardstick`.

The same commit's figures moved 2-4x from one session to another on machines that all call themselves
2 vCPU, and by a fifth within one session. Two yardsticks say which kind of session a table was taken on:

- ``interpreter_s``: ten million additions in a Python loop. It runs in the processor's cache, so it
  follows the interpreter's speed alone.
- ``memory_s``: a million small objects (about a hundred MB) visited in a random order. The projector's
  work is of this kind (units, statements and rows all over its heap): in the eighteenth session its CPU
  time for the same S100 rebuild rose by a fifth while the first yardstick did not move.
"""

from __future__ import annotations

import json
import platform
import random
import statistics
import sys
import time
from importlib.machinery import EXTENSION_SUFFIXES

from service.projections import unit_state

OBJECTS = 1_000_000


def interpreter_s() -> float:
    """Seconds for ten million additions in a Python loop, median of three."""

    def loop() -> float:
        started, total = time.perf_counter(), 0
        for number in range(10_000_000):
            total += number
        return time.perf_counter() - started

    return statistics.median(loop() for _ in range(3))


def memory_s() -> float:
    """Seconds to visit ``OBJECTS`` lists of one number each in a random order, median of three. Each
    visit reads an object no cache holds: the list, then its items, then the number."""
    cells = [[number] for number in range(OBJECTS)]
    order = list(range(OBJECTS))
    random.Random(1).shuffle(order)

    def walk() -> float:
        started, total = time.perf_counter(), 0
        for index in order:
            total += cells[index][0]
        return time.perf_counter() - started

    return statistics.median(walk() for _ in range(3))


def describe(figures: dict[str, float]) -> str:
    return (
        f"machine yardsticks: ten million Python additions in {figures['interpreter_s']:.2f} s, "
        f"{OBJECTS:,} small objects visited at random in {figures['memory_s']:.2f} s (medians of 3)"
    )


def interpreter() -> str:
    """The interpreter a figure was taken on, and whether the projector's modules ran compiled (setup.py,
    ``SGB_COMPILE=1``): builds of one version differ (see BENCHMARKS.md)."""
    compiled = str(unit_state.__file__).endswith(tuple(EXTENSION_SUFFIXES))
    projector = "compiled by mypyc" if compiled else "interpreted"
    return f"{sys.executable} (Python {platform.python_version()}; the projector's modules {projector})"


def measure() -> dict[str, float]:
    return {"interpreter_s": interpreter_s(), "memory_s": memory_s()}


if __name__ == "__main__":
    print(json.dumps(measure()))
