"""The write side of the benchmark: ingest, rebuild and the naive-replay baseline, per store and scale."""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks import naive
from service.bootstrap import open_sgb
from service.ingest import read_manifest
from service.settings import StoreSettings

CHUNK = 250  # documents per ingest call (each call parses, records, then projects its documents)


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000 if samples else float("nan")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- write side --------------------------------------------------------------------------------------------
def ingest_and_rebuild(
    url: str, directory: Path, limit_s: float, naive_samples: int, rebuilds: int
) -> dict[str, Any]:
    sgb = open_sgb(StoreSettings.from_url(url))
    try:
        requests = read_manifest(directory)
        if reused(sgb, requests):
            log("  reused: the store already holds this corpus, projected (no ingest or rebuild figures)")
            figures: dict[str, Any] = {"complete": True, "reused": True, "events": sgb.app.max_position()}
        else:
            figures = ingest(sgb, requests, limit_s)
            if not figures["complete"]:
                return figures
            figures.update(rebuild(url, figures["events"], rebuilds))
        points = change_points(sgb)
        figures.update(naive_baseline(sgb, points, naive_samples))
        figures["points"] = [p.isoformat() for p in points]
        return figures
    finally:
        sgb.close()


def rebuild(url: str, events: int, runs: int) -> dict[str, Any]:
    """Rebuild ``runs`` times, each in a new process (``benchmarks.rebuild``); the median."""
    seconds, peaks, writer_peaks = [], [], []
    for _ in range(runs):
        child = [sys.executable, "-m", "benchmarks.rebuild", url]
        measured = json.loads(subprocess.run(child, check=True, capture_output=True, text=True).stdout)
        seconds.append(measured["seconds"])
        peaks.append(measured["peak_rss_mb"])
        writer_peaks.append(measured["writer_peak_rss_mb"])
        log(
            f"  rebuild: {measured['seconds']:.1f} s, peak RSS {measured['peak_rss_mb']:.0f} MB"
            f" (its writer process {measured['writer_peak_rss_mb']:.0f} MB), CPU {measured['cpu_s']:.1f} s"
            f" (its writer process {measured['writer_cpu_s']:.1f} s)"
        )
    median_s = statistics.median(seconds)
    return {
        "rebuild_s": median_s,
        "rebuild_runs_s": seconds,
        "rebuild_events_per_s": events / median_s,
        "rebuild_peak_rss_mb": max(peaks),
        "rebuild_writer_peak_rss_mb": max(writer_peaks),
    }


def reused(sgb: Any, requests: list[Any]) -> bool:
    """Whether the store already holds every document of the corpus, all projected."""
    recorded = sgb.store.query("SELECT COUNT(*) FROM rm_issuance")[0][0]
    return bool(recorded == len(requests) and sgb.projector.position() == sgb.app.max_position())


def ingest(sgb: Any, requests: list[Any], limit_s: float) -> dict[str, Any]:
    documents = events = 0
    started = time.perf_counter()
    for offset in range(0, len(requests), CHUNK):
        report = sgb.ingestor.ingest(requests[offset : offset + CHUNK])
        documents += report.recorded
        events += report.events
        elapsed = time.perf_counter() - started
        if elapsed > limit_s and offset + CHUNK < len(requests):
            projected = elapsed * len(requests) / documents
            log(f"  ingest stopped: {documents} documents in {elapsed:.0f} s, projected {projected:.0f} s")
            return {
                "complete": False,
                "documents": documents,
                "events": events,
                "ingest_s": elapsed,
                "projected_ingest_s": projected,
                "ingest_docs_per_s": documents / elapsed,
                "ingest_events_per_s": events / elapsed,
            }
    ingest_s = time.perf_counter() - started
    log(f"  ingest: {documents} documents, {events} events in {ingest_s:.1f} s")
    return {
        "complete": True,
        "documents": documents,
        "events": events,
        "ingest_s": ingest_s,
        "ingest_docs_per_s": documents / ingest_s,
        "ingest_events_per_s": events / ingest_s,
    }


def naive_baseline(sgb: Any, points: list[date], samples: int) -> dict[str, Any]:
    """Read every event of the store and fold it, as a naive server would on each request."""
    rng = random.Random(7)
    timings = []
    units = {}
    for _ in range(samples):
        day = rng.choice(points[len(points) // 10 :])
        began = time.perf_counter()
        body = naive.answer(sgb.app, day)
        timings.append(time.perf_counter() - began)
        units[day.isoformat()] = len(json.loads(body)["data"]["organization"]["units"])
    return {"naive_ms": median_ms(timings), "naive_units": units}


def change_points(sgb: Any) -> list[date]:
    rows = sgb.store.query("SELECT DISTINCT valid_from FROM rm_unit_version WHERE recorded_to IS NULL")
    return sorted(date.fromisoformat(r[0]) for r in rows)
