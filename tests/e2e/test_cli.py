"""The ``sgb`` command as a user runs it: a real process, a real store, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from service.projections.projector import TRACKING_NAME
from service.projections.store import ReadStore
from service.settings import StoreSettings
from tests.conftest import FIXTURES

SGB = [sys.executable, "-m", "service"]


def sgb(
    store_url: str, *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **(env or {}), "SGB_DATABASE_URL": store_url}
    return subprocess.run([*SGB, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


ORGANIZATION = """
query ($day: Date!) {
  organization(asOf: $day) { units { name parent { name } } inForce { symbol } }
}"""


def test_ingest_then_query(store_url: str) -> None:
    first = sgb(store_url, "ingest")
    assert first.returncode == 0, first.stderr
    assert "recorded 5 document(s)" in first.stdout
    again = sgb(store_url, "ingest")
    assert "recorded 0 document(s), 0 event(s); 5 already recorded" in again.stdout

    answer = sgb(store_url, "query", ORGANIZATION, "--variables", json.dumps({"day": "2010-03-04"}))
    assert answer.returncode == 0, answer.stderr
    organization = json.loads(answer.stdout)["data"]["organization"]
    parents = {u["name"]: (u["parent"] or {}).get("name") for u in organization["units"]}
    assert parents["后勤支助司"] == "外勤支助部"
    assert parents["军事厅"] == "维持和平行动部"
    assert {"ST/SGB/2010/1", "ST/SGB/2010/2"} <= {i["symbol"] for i in organization["inForce"]}


def test_a_bad_document_is_refused_with_its_name(store_url: str, tmp_path: Path) -> None:
    empty = tmp_path / "nothing.txt"
    empty.write_bytes(b"")
    refused = sgb(store_url, "ingest", str(empty), "--symbol", "ST/SGB/2099/1")
    assert refused.returncode != 0
    assert "nothing.txt" in refused.stderr and "nothing was recorded" in refused.stderr
    answer = sgb(store_url, "query", '{ issuance(symbol: "ST/SGB/2099/1") { symbol } }')
    assert json.loads(answer.stdout)["data"]["issuance"] is None


def test_flags_fill_in_what_the_text_lacks(store_url: str) -> None:
    document = FIXTURES / "documents/st-sgb-2012-9-abolishes-dfs.txt"
    done = sgb(store_url, "ingest", str(document), "--title", "会议和文件管理部的组织（测试）")
    assert done.returncode == 0, done.stderr
    answer = sgb(store_url, "query", '{ issuance(symbol: "ST/SGB/2012/9") { title effectiveOn } }')
    issuance = json.loads(answer.stdout)["data"]["issuance"]
    assert issuance == {"title": "会议和文件管理部的组织（测试）", "effectiveOn": "2012-07-01"}


def test_query_errors_are_readable(store_url: str) -> None:
    answer = sgb(store_url, "query", '{ organization(asOf: "2010-13-01") { asOf } }')
    assert answer.returncode != 0
    errors = json.loads(answer.stdout)["errors"]
    assert "2010-13-01" in errors[0]["message"]
    assert "Traceback" not in answer.stdout + answer.stderr


def test_a_store_that_cannot_be_opened_is_named_with_why(store_url: str) -> None:
    """No such directory for the SQLite file; no such database on the PostgreSQL server (whose pool would
    only say it timed out: the reason is asked of the server)."""
    if store_url.startswith("sqlite:"):
        missing = store_url.replace("/sgb.sqlite", "/no such directory/sgb.sqlite")
        where, why = "SQLite file", "unable to open database file"
    else:
        missing = urlsplit(store_url)._replace(path="/sgb_no_such_database").geturl()
        where, why = "PostgreSQL", 'database "sgb_no_such_database" does not exist'
    refused = sgb(missing, "query", "{ changePoints }", env={"POSTGRES_CONNECT_TIMEOUT": "2"})
    assert refused.returncode == 2
    assert f"error: cannot open the store ({where}" in refused.stderr
    assert why in refused.stderr and "Traceback" not in refused.stderr


@pytest.mark.parametrize("command", ["rebuild", "migrate"])
def test_maintenance_commands(store_url: str, command: str) -> None:
    sgb(store_url, "ingest")
    done = sgb(store_url, command)
    assert done.returncode == 0, done.stderr


def _tracked_position(store_url: str, move_to: int | None = None) -> int:
    """The projector's tracked position (``rm_tracking``), after moving it to ``move_to`` if given."""
    store = ReadStore(StoreSettings.from_url(store_url))
    try:
        if move_to is not None:
            with store.transaction() as cursor:
                cursor.execute("UPDATE rm_tracking SET position = ? WHERE name = ?", (move_to, TRACKING_NAME))
        return int(store.query("SELECT position FROM rm_tracking WHERE name = ?", (TRACKING_NAME,))[0][0])
    finally:
        store.close()


def test_rebuild_and_migrate_do_not_project_first(store_url: str) -> None:
    """Read models a catch-up cannot go on from (the tracked position moved back into the last issuance,
    whose first events are not after it): `rebuild` replaces them all the same, and `migrate` leaves them
    as they are. Brought up to date first, as every other command is, both failed. Every other command
    says what failed and what mends it."""
    assert sgb(store_url, "ingest").returncode == 0
    last = _tracked_position(store_url)
    _tracked_position(store_url, move_to=last - 1)
    refused = sgb(store_url, "query", "{ changePoints }")  # brought up to date first, it fails
    assert refused.returncode == 1
    assert "could not bring the read models up to date with the event log" in refused.stderr
    assert "`sgb rebuild` replays them" in refused.stderr and "Traceback" not in refused.stderr

    migrated = sgb(store_url, "migrate")
    assert migrated.returncode == 0, migrated.stderr
    assert _tracked_position(store_url) == last - 1

    rebuilt = sgb(store_url, "rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert rebuilt.stdout.startswith("rebuilt the read models from ")
    assert _tracked_position(store_url) == last
    answer = sgb(store_url, "query", ORGANIZATION, "--variables", json.dumps({"day": "2010-03-04"}))
    assert answer.returncode == 0, answer.stderr
