"""Load generation and the hand-written floor, for `benchmarks.run`.

The load generator is aiohttp: on these two cores httpx's async client itself tops out near 320 requests/s
(against the floor's plain route too), which would measure the client, not the server. The floor's
figures are taken with the same client, so the ratio is of servers.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import orjson

from benchmarks.server import free_port, spawn, stop

CLIENTS = 32


def load(base: str, query: str, targets: list[tuple[str, str]], total: int) -> tuple[float, int]:
    """Requests/s of `total` requests (`targets` in turn, as `$id`, `$d`) from `CLIENTS` concurrent
    clients, and how many failed (not 200, or a GraphQL `errors` member)."""
    return asyncio.run(_load(base, query, targets, total))


async def _load(base: str, query: str, targets: list[tuple[str, str]], total: int) -> tuple[float, int]:
    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for n in range(total):
        queue.put_nowait(targets[n % len(targets)])
    errors = 0
    headers = {"content-type": "application/json"}
    connector = aiohttp.TCPConnector(limit=CLIENTS)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            nonlocal errors
            while not queue.empty():
                unit_id, day = queue.get_nowait()
                body = orjson.dumps({"query": query, "variables": {"id": unit_id, "d": day}})
                try:
                    async with session.post(base, data=body, headers=headers) as response:
                        content = await response.read()
                        errors += response.status != 200 or b'"errors"' in content
                except aiohttp.ClientError:
                    errors += 1

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CLIENTS)))
        return total / (time.perf_counter() - began), errors


def _floor_server(work: Path, body: bytes) -> tuple[Any, str]:
    body_file = work / "floor-body.json"
    body_file.write_bytes(body)
    port = free_port()
    args = [sys.executable, "-m", "benchmarks.floor", str(body_file), "--port", str(port)]
    return spawn(args, dict(os.environ), port), f"http://127.0.0.1:{port}/graphql"


def floor_latency(work: Path, body: bytes, request: dict[str, Any], samples: int) -> float:
    """Median ms of the floor answering `body` to one client, as the API's latencies are measured."""
    process, url = _floor_server(work, body)
    try:
        with httpx.Client(timeout=60) as client:
            for _ in range(5):
                client.post(url, json=request)
            timings = []
            for _ in range(samples):
                began = time.perf_counter()
                client.post(url, json=request)
                timings.append(time.perf_counter() - began)
        return statistics.median(timings) * 1000
    finally:
        stop(process)


def floor_load(work: Path, body: bytes, query: str, targets: list[tuple[str, str]], total: int) -> float:
    """Requests/s of the floor answering `body`, under the same load as the API."""
    process, url = _floor_server(work, body)
    try:
        return load(url, query, targets, total)[0]
    finally:
        stop(process)
