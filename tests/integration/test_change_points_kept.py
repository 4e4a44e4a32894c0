"""The change points of the present record are kept by the projector (rm_change_point, migration 0008), not
read from every current version for each projector position: after every kind of recording, and after a
rebuild, they are the days current versions start or end on; a store migrated to 0008 finds them filled."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from yoyo import get_backend, read_migrations

import corpus
from migrations import SQL_DIRECTORY
from service.bootstrap import Sgb
from service.ingest import DocumentRequest, expand, read_manifest
from service.ingest.corrections import read_corrections
from service.parsing import Hints
from service.projections import writes
from service.synth import generate, write_corpus
from tests.conftest import FIXTURES

KEEPING = "0008_change_points"
EMPTYING = "0010_sources_by_reference"
ABOLISHING = FIXTURES / "documents/st-sgb-2012-9-abolishes-dfs.txt"
DSS_CORRECTIONS = corpus.DIRECTORY / "corrections/st-sgb-2013-5.toml"
_COUNTED = (  # per day, the current versions starting or ending on it
    "SELECT day, COUNT(*) FROM (SELECT valid_from AS day FROM rm_unit_version WHERE recorded_to IS NULL "
    "UNION ALL SELECT valid_to FROM rm_unit_version WHERE recorded_to IS NULL AND valid_to IS NOT NULL) "
    "AS bounds GROUP BY day ORDER BY day"
)


def _assert_kept(sgb: Sgb) -> None:
    counted = sgb.store.query(_COUNTED)
    assert sgb.store.query("SELECT day, versions FROM rm_change_point ORDER BY day") == counted
    assert sgb.read_model.change_points() == [date.fromisoformat(day) for day, _ in counted]


def test_the_change_points_kept_are_those_of_the_current_versions(sgb: Sgb, tmp_path: Path) -> None:
    bundled = [DocumentRequest(r.path, r.hints) for r in expand([corpus.DIRECTORY], Hints())]
    for document in [*bundled, DocumentRequest(ABOLISHING, Hints())]:
        sgb.ingestor.ingest([document])
        _assert_kept(sgb)
    sgb.ingestor.correct(read_corrections(DSS_CORRECTIONS))
    _assert_kept(sgb)
    write_corpus(generate("S10", seed=7, departments=2, years=4), tmp_path)  # abolished by section, too
    sgb.ingestor.ingest(read_manifest(tmp_path))
    _assert_kept(sgb)
    counts = sgb.store.query("SELECT day, versions FROM rm_change_point ORDER BY day")
    sgb.projector.rebuild()
    assert sgb.store.query("SELECT day, versions FROM rm_change_point ORDER BY day") == counts
    _assert_kept(sgb)


def test_a_store_migrated_to_0008_finds_its_change_points_counted(sgb: Sgb) -> None:
    sgb.ingestor.ingest([DocumentRequest(r.path, r.hints) for r in expand([corpus.DIRECTORY], Hints())])
    counts = sgb.store.query("SELECT day, versions FROM rm_change_point ORDER BY day")
    backend = get_backend(sgb.settings.migrations_url())
    try:
        migrations = read_migrations(str(SQL_DIRECTORY))
        with backend.lock():
            # 0010 unmarked, not rolled back: its rollback empties the read models (so would applying it)
            backend.unmark_migrations(backend.to_rollback(migrations.filter(lambda m: m.id >= EMPTYING)))
            backend.rollback_migrations(backend.to_rollback(migrations.filter(lambda m: m.id >= KEEPING)))
            pending = backend.to_apply(migrations.filter(lambda m: m.id < EMPTYING))
            assert [m.id for m in pending][:1] == [KEEPING]
            backend.apply_migrations(pending)
    finally:
        backend.connection.close()
    assert sgb.store.query("SELECT day, versions FROM rm_change_point ORDER BY day") == counts
    _assert_kept(sgb)


def test_a_day_no_current_version_starts_or_ends_on_any_longer_is_no_change_point(sgb: Sgb) -> None:
    for counts in ([("2020-01-01", 2), ("2021-01-01", 1)], [("2020-01-01", -1)], [("2020-01-01", -1)]):
        with sgb.store.transaction() as cursor:
            writes._count_change_points(cursor, counts)
    assert sgb.store.query("SELECT day, versions FROM rm_change_point") == [("2021-01-01", 1)]
