"""A rebuild ends with the planner's statistics of every read model on PostgreSQL (ANALYZE: autovacuum may be
off), and analyses nothing on SQLite."""

from __future__ import annotations

from service.bootstrap import Sgb
from service.projections.store import READ_MODEL_TABLES


def test_a_rebuild_leaves_the_read_models_analysed_on_postgresql(sgb: Sgb) -> None:
    sgb.ingest_bundled_corpus()
    if sgb.store.settings.backend != "postgresql":
        sgb.projector.rebuild()
        assert sgb.store.query("SELECT name FROM sqlite_master WHERE name LIKE 'sqlite_stat%'") == []
        return
    analysed = (
        "SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema() "
        "AND last_analyze IS NOT NULL ORDER BY relname"
    )
    assert sgb.store.query(analysed) == []  # an ingest does not analyse

    sgb.projector.rebuild()
    assert [name for (name,) in sgb.store.query(analysed)] == sorted(READ_MODEL_TABLES)
    span_statistics = sgb.store.query(
        "SELECT count(*) FROM pg_stats WHERE schemaname = current_schema() "
        "AND tablename = 'rm_unit_version_current_span'"
    )
    assert span_statistics == [(1,)]  # the interval index's expression too (migration 0006)
