"""The first answer after a new recording, against a running server: each recording moves the projector
position, and every cache keyed by it starts again. Not part of the test suite.

Each time, one of the corpus's bulletins is recorded again under a symbol of its own (``sgb ingest``, which
projects it before it returns); then an organisation already asked for is asked again. Its change point's
answer is made anew, as a cold one is, and the catalogue of issuances and the change points, which every
as-of answer consults, are those of the new position.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from benchmarks.write_side import median_ms

ORG_QUERY = "query($d: Date!) { organization(asOf: $d) { units { id name kind parent { id } } } }"


def after_recordings(
    client: httpx.Client, base: str, store_url: str, document: Path, day: str, times: int
) -> dict[str, float]:
    """The median (ms) of the first ``organization`` answer on ``day`` after each of ``times`` recordings,
    and the errors."""
    firsts: list[float] = []
    errors = 0
    env = {**os.environ, "SGB_DATABASE_URL": store_url}
    for number in range(times):
        symbol = f"ST/SGB/9999/{time.time_ns()}{number}"  # new in a store kept from an earlier run too
        command = [sys.executable, "-m", "service", "ingest", str(document), "--symbol", symbol]
        subprocess.run(command, env=env, check=True, capture_output=True)
        began = time.perf_counter()
        response = client.post(base, json={"query": ORG_QUERY, "variables": {"d": day}})
        firsts.append(time.perf_counter() - began)
        errors += response.status_code != 200 or "errors" in response.json()
    return {"org_after_recording_ms": median_ms(firsts), "after_recording_errors": errors}
