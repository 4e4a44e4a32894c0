"""On SQLite the projector's connection checkpoints the write-ahead log every CHECKPOINT_FRAMES pages, not
after every commit, cuts the log's file back when it is written anew, and does not write zeros over what it
deletes where that costs more writing (secure_delete FAST, whatever the build's default)."""

from __future__ import annotations

from pathlib import Path

from service.bootstrap import open_sgb
from service.projections.store import CHECKPOINT_FRAMES, LOG_FILE_LIMIT
from service.settings import StoreSettings


def test_the_projectors_connection_checkpoints_every_so_many_pages(tmp_path: Path) -> None:
    sgb = open_sgb(StoreSettings.from_url(f"sqlite:///{tmp_path / 'sgb.sqlite'}"))
    try:
        writer = sgb.store._writer_connection()
        sgb.ingest_bundled_corpus()
        assert writer.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == CHECKPOINT_FRAMES
        assert writer.execute("PRAGMA journal_size_limit").fetchone()[0] == LOG_FILE_LIMIT
        assert writer.execute("PRAGMA secure_delete").fetchone()[0] == 2  # FAST
        assert sgb.store.query("SELECT COUNT(*) FROM rm_issuance")[0][0] > 0  # it did write
    finally:
        sgb.close()
