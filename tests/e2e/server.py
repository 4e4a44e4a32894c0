"""`sgb serve` as a real process, for the end-to-end tests: start it on a store, wait until it answers."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz", timeout=1).status_code == 200
    except httpx.TransportError:
        return False


@contextlib.contextmanager
def running_server(store_url: str, **env: str) -> Iterator[str]:
    """`sgb serve` on a store (it records the bundled corpus first when the store is empty); its base URL."""
    port = free_port()
    environment = {**os.environ, "SGB_DATABASE_URL": store_url, **env}
    process = subprocess.Popen(
        [sys.executable, "-m", "service", "serve", "--port", str(port)],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while not _healthy(base):
            if process.poll() is not None:
                pytest.fail(f"sgb serve exited early:\n{process.stdout.read() if process.stdout else ''}")
            if time.monotonic() > deadline:
                pytest.fail("sgb serve did not answer /healthz within 120 s")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        if process.stdout:
            process.stdout.close()
