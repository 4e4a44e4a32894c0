"""The checkpointer copies what was committed into the database file, on its own thread, once per ask."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from service.projections.checkpoints import Checkpointer


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA journal_mode=WAL")
    return connection


def _rows_in_the_database_file(path: Path) -> int:
    """What the file itself holds, leaving the write-ahead log aside."""
    with sqlite3.connect(f"file:{path}?immutable=1", uri=True) as reader:
        return int(reader.execute("SELECT COUNT(*) FROM t").fetchone()[0])


def test_committed_pages_reach_the_database_file_once_a_checkpoint_is_asked_for(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    writer = _connect(path)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("CREATE TABLE t (n INTEGER)")
    writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    checkpointer = Checkpointer(lambda: _connect(path))
    try:
        writer.executemany("INSERT INTO t VALUES (?)", [(n,) for n in range(1000)])
        assert _rows_in_the_database_file(path) == 0  # committed, but only to the log

        checkpointer.ask()
        checkpointer.wait_idle()

        assert _rows_in_the_database_file(path) == 1000
        assert checkpointer.last_result is not None
        busy, logged, copied = checkpointer.last_result
        assert (busy, copied) == (0, logged)
    finally:
        checkpointer.close()
        writer.close()


def test_closing_runs_what_was_asked_for_and_stops_the_thread(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    writer = _connect(path)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("CREATE TABLE t (n INTEGER)")
    checkpointer = Checkpointer(lambda: _connect(path))
    writer.execute("INSERT INTO t VALUES (1)")
    checkpointer.ask()
    checkpointer.close()
    assert _rows_in_the_database_file(path) == 1
    writer.close()


def test_a_checkpointer_never_asked_starts_no_thread(tmp_path: Path) -> None:
    checkpointer = Checkpointer(lambda: _connect(tmp_path / "unused.sqlite"))
    checkpointer.close()
    assert not (tmp_path / "unused.sqlite").exists()
