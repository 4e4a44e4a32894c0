"""The benchmark: ingest, rebuild and the as-of API over HTTP, per store and scale, with two baselines
(naive replay, the hand-written floor), all measured in one run. Not part of the test suite.

    python -m benchmarks.run [--scales S1,S10,S100] [--stores sqlite,postgresql] [--seed 1]

See BENCHMARKS.md for what each figure means.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import sqlite3
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg

from benchmarks import yardstick
from benchmarks.after_recording import after_recordings
from benchmarks.in_turn import warm_medians_in_turn
from benchmarks.load import floor_load, floor_server, load
from benchmarks.rss import peak_rss_mb
from benchmarks.server import free_port, spawn, stop
from benchmarks.write_side import ingest_and_rebuild, log, median_ms
from service.synth import generate, write_corpus
from service.synth.recovery import score

POSTGRES_URL = os.environ.get("SGB_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
ORG_QUERY = "query($d: Date!) { organization(asOf: $d) { units { id name kind parent { id } } } }"
UNIT_QUERY = "query($id: ID!, $d: Date!) { unit(id: $id, asOf: $d) { id name kind parent { id } } }"
CHANGES_QUERY = "query($f: Date!, $t: Date!) { changes(from: $f, to: $t) { unitId change effectiveOn name } }"
WARM_DATES = 10  # per sampled change point
FLOOR_WARMUP = 5  # requests to the floor before it is timed
LOAD_REQUESTS = 4000
AFTER_RECORDINGS = 5


# -- corpus ------------------------------------------------------------------------------------------------
def corpus(work: Path, scale: str, seed: int) -> Path:
    directory = work / f"corpus-{scale}-seed{seed}"
    if not (directory / "manifest.toml").exists():
        started = time.perf_counter()
        write_corpus(generate(scale, seed=seed), directory, f"scale {scale}, seed {seed}")
        log(f"{scale}: wrote the corpus in {time.perf_counter() - started:.1f} s")
    return directory


def recovery(directory: Path, sample: int | None) -> dict[str, Any]:
    truths = [json.loads(line) for line in (directory / "truth.jsonl").open(encoding="utf-8")]
    if sample is not None and len(truths) > sample:
        truths = random.Random(0).sample(truths, sample)
    texts = {t["file"]: (directory / t["file"]).read_bytes() for t in truths}
    started = time.perf_counter()
    result = score(truths, texts)
    elapsed = time.perf_counter() - started
    log(result.summary())
    for miss in result.misses[:10]:
        log(f"  miss: {miss}")
    return {
        "bulletins": result.documents,
        "units": result.unit_recall,
        "parents": result.parent_recall,
        "heads": result.head_recall,
        "dates": result.date_recall,
        "abolitions": result.abolition_recall,
        "parse_docs_per_s": result.documents / elapsed,
    }


# -- stores ------------------------------------------------------------------------------------------------
def fresh_store(store: str, scale: str, work: Path, reuse: bool) -> str:
    """The store's URL, emptied first unless `reuse`."""
    if store == "sqlite":
        path = work / f"bench-{scale}.sqlite"
        for suffix in ("", "-wal", "-shm") if not reuse else ():
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    schema = f"bench_{scale.lower()}"
    if reuse:
        return f"{POSTGRES_URL}?schema={schema}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        connection.execute(f"CREATE SCHEMA {schema}")
    return f"{POSTGRES_URL}?schema={schema}"


def settle(url: str) -> None:
    """Let the store finish the work the write side left it before the API is measured (not timed): with
    PostgreSQL's autovacuum and checkpointer still going over an S10 store, warm answers measured 1.2 ms
    rather than 0.75. PostgreSQL: VACUUM ANALYZE the schema's tables, then CHECKPOINT; SQLite: checkpoint
    the write-ahead log into the database file."""
    started = time.perf_counter()
    if url.startswith("sqlite:///"):
        with contextlib.closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        schema = url.rpartition("schema=")[2]
        with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
            tables = connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = %s", (schema,)
            ).fetchall()
            for (table,) in tables:
                connection.execute(f'VACUUM (ANALYZE) {schema}."{table}"')
            connection.execute("CHECKPOINT")
    log(f"  settled the store in {time.perf_counter() - started:.1f} s (not measured)")


# -- the API ----------------------------------------------------------------------------------------------
def ok(response: httpx.Response) -> bool:
    return response.status_code == 200 and b'"errors"' not in response.content


def day_in(points: list[date], index: int, rng: random.Random) -> date:
    start = points[index]
    end = points[index + 1] if index + 1 < len(points) else start + timedelta(days=30)
    return start + timedelta(days=rng.randrange(max(1, (end - start).days)))


def sample_change_points(points: list[date], samples: int, rng: random.Random) -> list[int]:
    """Indexes of `samples` change points, once the departments exist, not the last."""
    usable = list(range(len(points) // 10, len(points) - 1))
    return rng.sample(usable, min(samples, len(usable)))


def distinct_targets(
    points: list[date], chosen: list[int], bodies: dict[int, bytes], rng: random.Random
) -> list[tuple[str, str]]:
    """(unit id, date) pairs, no two of the same unit in the same change point: none repeats an answer."""
    pairs = [
        (u["id"], index)
        for index in chosen
        for u in json.loads(bodies[index])["data"]["organization"]["units"]
    ]
    picked = rng.sample(pairs, min(LOAD_REQUESTS, len(pairs)))
    return [(unit_id, day_in(points, index, rng).isoformat()) for unit_id, index in picked]


def warm_against_floor(
    client: httpx.Client,
    base: str,
    points: list[date],
    chosen: list[int],
    bodies: dict[int, bytes],
    rng: random.Random,
    work: Path,
) -> tuple[list[float], list[float], int]:
    """Warm `organization` answers (other dates of the chosen change points), each followed by the floor
    answering the first one's bytes: the two are timed in turn, so a noisy moment of the machine falls on
    both (timed a minute apart, their medians differed by up to 2x either way on one machine). Seconds of
    each, and how many of the API's answers failed."""
    warm, floor, errors = [], [], 0
    floor_request = {"query": ORG_QUERY, "variables": {"d": day_in(points, chosen[0], rng).isoformat()}}
    with floor_server(work, bodies[chosen[0]]) as floor_url:
        for _ in range(FLOOR_WARMUP):
            client.post(floor_url, json=floor_request)
        for _ in range(WARM_DATES):
            for index in chosen:
                variables = {"d": day_in(points, index, rng).isoformat()}
                began = time.perf_counter()
                response = client.post(base, json={"query": ORG_QUERY, "variables": variables})
                warm.append(time.perf_counter() - began)
                errors += not ok(response)
                began = time.perf_counter()
                client.post(floor_url, json=floor_request)
                floor.append(time.perf_counter() - began)
    return warm, floor, errors


def api_figures(url: str, points: list[date], work: Path, directory: Path, samples: int) -> dict[str, Any]:
    port = free_port()
    env = {**os.environ, "SGB_DATABASE_URL": url}
    server = spawn([sys.executable, "-m", "service", "serve", "--port", str(port)], env, port)
    figures: dict[str, Any] = {}
    try:
        base = f"http://127.0.0.1:{port}/graphql"
        rng = random.Random(11)
        chosen = sample_change_points(points, samples, rng)
        with httpx.Client(timeout=120) as client:

            def post(query: str, variables: dict[str, str]) -> httpx.Response:
                return client.post(base, json={"query": query, "variables": variables})

            def timed(query: str, variables: dict[str, str]) -> tuple[float, httpx.Response]:
                began = time.perf_counter()
                response = post(query, variables)
                return time.perf_counter() - began, response

            cold, units_seen, errors = [], [], 0
            bodies: dict[int, bytes] = {}
            for index in chosen:  # the first query of each change point: cold
                seconds, response = timed(ORG_QUERY, {"d": day_in(points, index, rng).isoformat()})
                errors += not ok(response)
                cold.append(seconds)
                bodies[index] = response.content
            warm, floor, warm_errors = warm_against_floor(client, base, points, chosen, bodies, rng, work)
            errors += warm_errors
            for index in chosen:
                units_seen.append(len(json.loads(bodies[index])["data"]["organization"]["units"]))
            figures["org_cold_ms"] = median_ms(cold)
            figures["org_warm_ms"] = median_ms(warm)
            figures["floor_ms"] = median_ms(floor)
            figures["units_in_force"] = statistics.median(units_seen)
            figures["org_bytes"] = len(bodies[chosen[0]])
            # unit(id, asOf) on warm change points
            targets = []
            for index in chosen:
                ids = [u["id"] for u in json.loads(bodies[index])["data"]["organization"]["units"]]
                targets += [(rng.choice(ids), day_in(points, index, rng).isoformat()) for _ in range(10)]
            unit_samples = []
            for unit_id, day in targets:
                seconds, response = timed(UNIT_QUERY, {"id": unit_id, "d": day})
                errors += not ok(response)
                unit_samples.append(seconds)
            figures["unit_ms"] = median_ms(unit_samples)
            change_samples = []
            for _ in range(samples):
                year = rng.randrange(points[0].year + 1, points[-1].year + 1)
                variables = {"f": f"{year - 1}-12-31", "t": f"{year}-12-31"}
                seconds, response = timed(CHANGES_QUERY, variables)
                errors += not ok(response)
                change_samples.append(seconds)
            figures["changes_year_ms"] = median_ms(change_samples)
            figures["errors"] = errors
            unit_body = post(UNIT_QUERY, {"id": targets[0][0], "d": targets[0][1]}).content
        distinct = distinct_targets(points, chosen, bodies, rng)
        figures["rps_32"], rps_errors = load(base, UNIT_QUERY, targets, LOAD_REQUESTS)
        figures["rps_32_distinct"], distinct_errors = load(base, UNIT_QUERY, distinct, LOAD_REQUESTS)
        figures["rps_errors"] = rps_errors + distinct_errors
        figures["server_peak_rss_mb"] = peak_rss_mb(server.pid)
        figures["floor_rps_32"] = floor_load(work, unit_body, UNIT_QUERY, targets, LOAD_REQUESTS)
        bulletin = sorted(directory.glob("documents/*.txt"))[-1]
        with httpx.Client(timeout=120) as client:
            day = day_in(points, chosen[0], rng).isoformat()
            figures.update(after_recordings(client, base, url, bulletin, day, AFTER_RECORDINGS))
    finally:
        stop(server)
    return figures


# -- the table ---------------------------------------------------------------------------------------------
ROWS: tuple[tuple[str, str, str], ...] = (
    ("documents", "documents", "{:.0f}"),
    ("events", "events", "{:.0f}"),
    ("ingest docs/s", "ingest_docs_per_s", "{:.1f}"),
    ("ingest events/s", "ingest_events_per_s", "{:.0f}"),
    ("ingest s (projected if stopped)", "ingest_total_s", "{:.0f}"),
    ("rebuild events/s (median, new process)", "rebuild_events_per_s", "{:.0f}"),
    ("rebuild peak RSS MB", "rebuild_peak_rss_mb", "{:.0f}"),
    ("rebuild's writer process peak RSS MB", "rebuild_writer_peak_rss_mb", "{:.0f}"),
    ("units in force (median)", "units_in_force", "{:.0f}"),
    ("organization cold ms", "org_cold_ms", "{:.1f}"),
    ("organization warm ms", "org_warm_ms", "{:.1f}"),
    ("floor (plain route) ms", "floor_ms", "{:.2f}"),
    ("warm / floor", "warm_over_floor", "{:.1f}x"),
    ("naive replay ms", "naive_ms", "{:.0f}"),
    ("naive / warm", "naive_over_warm", "{:.0f}x"),
    ("unit(id, asOf) ms", "unit_ms", "{:.2f}"),
    ("changes (1 year) ms", "changes_year_ms", "{:.1f}"),
    ("organization, first after a new recording ms", "org_after_recording_ms", "{:.1f}"),
    ("req/s, 32 clients, 100 (unit, date) in turn", "rps_32", "{:.0f}"),
    ("req/s, 32 clients, no answer repeated", "rps_32_distinct", "{:.0f}"),
    ("floor req/s, 32 clients (same client)", "floor_rps_32", "{:.0f}"),
    ("errors", "errors_total", "{:.0f}"),
    ("server peak RSS MB", "server_peak_rss_mb", "{:.0f}"),
)


def table(results: dict[str, dict[str, Any]]) -> str:
    columns = list(results)
    lines = ["| figure | " + " | ".join(columns) + " |", "|---|" + "---|" * len(columns)]
    for label, key, fmt in ROWS:
        cells = []
        for column in columns:
            value = results[column].get(key)
            cells.append(fmt.format(value) if isinstance(value, int | float) else "—")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scales", default="S1,S10")
    parser.add_argument("--stores", default="sqlite,postgresql")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/sgb-bench"))
    parser.add_argument("--samples", type=int, default=10, help="change points sampled per figure")
    parser.add_argument("--ingest-limit", type=float, default=1800, help="seconds before ingest stops")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument(
        "--rebuilds", type=int, default=3, help="rebuilds per store and scale, each in a new process"
    )
    parser.add_argument("--naive-samples", type=int, default=3, help="naive replays per store and scale")
    parser.add_argument(
        "--reuse",
        default="",
        help="scales whose stores are kept if they already hold the whole corpus (no ingest or rebuild "
        "figures then): e.g. S100, ingested by an earlier run",
    )
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    yardsticks = yardstick.measure()
    log(yardstick.describe(yardsticks))
    results: dict[str, dict[str, Any]] = {}
    recoveries: dict[str, Any] = {}
    measured: dict[str, tuple[str, list[date]]] = {}  # store and scale: its URL and change points
    for scale in args.scales.split(","):
        directory = corpus(args.work, scale, args.seed)
        recoveries[scale] = recovery(directory, None if scale == "S1" else 300)
        for store in args.stores.split(","):
            name = f"{store} {scale}"
            log(f"{name}:")
            url = fresh_store(store, scale, args.work, scale in args.reuse.split(","))
            figures = ingest_and_rebuild(url, directory, args.ingest_limit, args.naive_samples, args.rebuilds)
            if "ingest_s" in figures:
                figures["ingest_total_s"] = figures.get("projected_ingest_s", figures["ingest_s"])
            if figures["complete"]:
                points = [date.fromisoformat(p) for p in figures.pop("points")]
                measured[name] = (url, points)
                settle(url)
                figures.update(api_figures(url, points, args.work, directory, args.samples))
                figures["warm_over_floor"] = figures["org_warm_ms"] / figures["floor_ms"]
                figures["naive_over_warm"] = figures["naive_ms"] / figures["org_warm_ms"]
                figures["errors_total"] = (
                    figures["errors"] + figures["rps_errors"] + figures["after_recording_errors"]
                )
            results[name] = figures
            log(json.dumps({k: v for k, v in figures.items() if k != "naive_units"}, default=str))
    print(table(results))
    print()
    print(yardstick.describe(yardsticks))
    print(f"interpreter: {yardstick.interpreter()}")
    for scale, found in recoveries.items():
        print(
            f"parser recovery {scale} ({found['bulletins']} bulletins): units {found['units']:.2%}, "
            f"parents {found['parents']:.2%}, heads {found['heads']:.2%}, "
            f"effective dates {found['dates']:.2%}, "
            f"abolitions {found['abolitions']:.2%}; parsing alone {found['parse_docs_per_s']:.0f} docs/s"
        )
    history = history_costs(measured, results, args.samples)
    if args.json:
        args.json.write_text(
            json.dumps(
                {"results": results, "recovery": recoveries, "history": history, **yardsticks},
                indent=2,
                default=str,
            )
        )


def history_costs(
    measured: dict[str, tuple[str, list[date]]], results: dict[str, dict[str, Any]], samples: int
) -> dict[str, dict[str, float]]:
    """Per store, warm `organization` at each larger scale against S1: as measured apart, and timed in turn
    (`benchmarks.in_turn`). Printed, and returned by "store scale"."""
    history = {}
    for name, (url, points) in measured.items():
        store, _, scale = name.partition(" ")
        if scale == "S1" or f"{store} S1" not in measured:
            continue
        small_url, small_points = measured[f"{store} S1"]
        rng = random.Random(13)
        plans = [in_turn_plan(small_points, samples, rng), in_turn_plan(points, samples, rng)]
        small_ms, large_ms = warm_medians_in_turn([small_url, url], ORG_QUERY, plans)
        apart = results[name]["org_warm_ms"] / results[f"{store} S1"]["org_warm_ms"]
        history[name] = {"apart": apart, "in_turn": large_ms / small_ms, "s1_ms": small_ms, "ms": large_ms}
        print(
            f"{store}: warm organization {scale} / S1 = {apart:.2f} measured apart; "
            f"{large_ms / small_ms:.2f} timed in turn ({large_ms:.2f} / {small_ms:.2f} ms)"
        )
    return history


def in_turn_plan(points: list[date], samples: int, rng: random.Random) -> list[list[str]]:
    """Dates in `samples` change points, `WARM_DATES` + 1 in each."""
    chosen = sample_change_points(points, samples, rng)
    return [[day_in(points, index, rng).isoformat() for _ in range(WARM_DATES + 1)] for index in chosen]


if __name__ == "__main__":
    main()
