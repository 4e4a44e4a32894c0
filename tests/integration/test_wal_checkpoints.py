"""On SQLite the projector's connection takes no WAL checkpoints itself: its commits reach the database file
through the store's checkpointer thread."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from service.bootstrap import open_sgb
from service.settings import StoreSettings


def _issuances_in_the_database_file(path: Path) -> int:
    with sqlite3.connect(f"file:{path}?immutable=1", uri=True) as reader:
        return int(reader.execute("SELECT COUNT(*) FROM rm_issuance").fetchone()[0])


def test_projected_rows_reach_the_database_file_through_the_checkpointer(tmp_path: Path) -> None:
    path = tmp_path / "sgb.sqlite"
    sgb = open_sgb(StoreSettings.from_url(f"sqlite:///{path}"))
    try:
        writer = sgb.store._sqlite_connection()
        sgb.ingest_bundled_corpus()
        assert writer.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0

        sgb.store.checkpointer.wait_idle()

        recorded = sgb.store.query("SELECT COUNT(*) FROM rm_issuance")[0][0]
        assert recorded > 0
        assert _issuances_in_the_database_file(path) == recorded
    finally:
        sgb.close()
