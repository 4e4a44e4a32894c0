"""Warm answers of two stores timed in turn, for `benchmarks.run`: the cost of history itself.

A warm `organization` answer at S100 is compared with one at S1. Measured one scale after the other, the
two medians lie up to half an hour apart, and this machine's speed drifts by more than the difference
sought: the same code gave S100 / S1 = 1.32 in one run and 0.54 in the next. Here a server runs on each
store at once, and each request to one is followed by the same kind of request to the other (0.96).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Sequence

import httpx

from benchmarks.server import free_port, spawn, stop

ChangePointDates = Sequence[str]  # the first asked cold, the rest warm


def warm_medians_in_turn(
    urls: Sequence[str], query: str, plans: Sequence[Sequence[ChangePointDates]]
) -> list[float]:
    """Median ms of each store's warm answers to `query` (variable `$d`), timed in turn. `plans` holds, per
    store, the dates of each of its sampled change points; every store has as many of each."""
    servers, bases = [], []
    try:
        for url in urls:
            port = free_port()
            env = {**os.environ, "SGB_DATABASE_URL": url}
            servers.append(spawn([sys.executable, "-m", "service", "serve", "--port", str(port)], env, port))
            bases.append(f"http://127.0.0.1:{port}/graphql")
        timings: list[list[float]] = [[] for _ in urls]
        with httpx.Client(timeout=300) as client:
            for base, plan in zip(bases, plans, strict=True):
                for dates in plan:
                    client.post(base, json={"query": query, "variables": {"d": dates[0]}})
            for turn in zip(*(_warm_requests(plan) for plan in plans), strict=True):
                for base, day, timed in zip(bases, turn, timings, strict=True):
                    began = time.perf_counter()
                    response = client.post(base, json={"query": query, "variables": {"d": day}})
                    timed.append(time.perf_counter() - began)
                    response.raise_for_status()
        return [statistics.median(timed) * 1000 for timed in timings]
    finally:
        for server in servers:
            stop(server)


def _warm_requests(plan: Sequence[ChangePointDates]) -> list[str]:
    """The warm dates, one of each change point in turn."""
    rounds = min(len(dates) for dates in plan) - 1
    return [dates[1 + n] for n in range(rounds) for dates in plan]
