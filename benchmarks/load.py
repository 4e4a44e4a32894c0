"""Load generation and the hand-written floor, for `benchmarks.run`.

The load generator is aiohttp: on these two cores httpx's async client itself tops out near 320 requests/s
(against the floor's plain route too), which would measure the client, not the server. The floor's
figures are taken with the same client, so the ratio is of servers.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import aiohttp
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


@contextmanager
def floor_server(work: Path, body: bytes) -> Iterator[str]:
    """The floor answering `body` to every request, for the time of the block: its URL."""
    body_file = work / "floor-body.json"
    body_file.write_bytes(body)
    port = free_port()
    args = [sys.executable, "-m", "benchmarks.floor", str(body_file), "--port", str(port)]
    process = spawn(args, dict(os.environ), port)
    try:
        yield f"http://127.0.0.1:{port}/graphql"
    finally:
        stop(process)


def floor_load(work: Path, body: bytes, query: str, targets: list[tuple[str, str]], total: int) -> float:
    """Requests/s of the floor answering `body`, under the same load as the API."""
    with floor_server(work, body) as url:
        return load(url, query, targets, total)[0]
