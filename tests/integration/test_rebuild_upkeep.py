"""A rebuild on SQLite sets aside the upkeep of what it does not read by (``service.projections.upkeep``)
and declares it again at its end: after a rebuild the schema is what it was before, on both stores.

A rebuild that dies half-way leaves the declarations in the store, and versions written without the
triggers that keep the interval index; the present record is then read by a scan. The next process to
open the store declares them again before it catches up, and fills the interval index with those
versions: it finds what a scan finds, then and after later recordings. Migration 0010's rollback refuses
to drop the declarations."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from yoyo import get_backend, read_migrations

from migrations import SQL_DIRECTORY
from service.bootstrap import Sgb, open_sgb
from service.ingest import DocumentRequest
from service.parsing import Hints
from service.projections import projector
from service.projections.projector import TransactionSizes
from service.projections.store import ReadStore, Row
from service.projections.upkeep import DEFERRED_BY_REBUILD
from service.settings import StoreSettings
from tests.conftest import FIXTURES
from tests.integration.test_interval_index import assert_index_agrees_with_scan

UPKEEP = "0010_upkeep_deferred_by_a_rebuild"
_POSTGRES_SCHEMA = (
    "SELECT 'index', indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
    "UNION ALL SELECT 'trigger', tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
    "JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = current_schema()::regnamespace "
    "AND NOT t.tgisinternal ORDER BY 1, 2"
)


def _schema(store: ReadStore) -> list[Row]:
    if store.settings.backend == "postgresql":
        return store.query(_POSTGRES_SCHEMA)
    return store.query("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")


def _deferred(store: ReadStore) -> list[str]:
    return [name for (name,) in store.query("SELECT name FROM rm_deferred_upkeep ORDER BY name")]


def test_a_rebuild_leaves_the_schema_as_it_found_it(sgb: Sgb) -> None:
    sgb.ingest_bundled_corpus()
    before = _schema(sgb.store)
    assert any(name == "rm_unit_change_when" for _, name, *_ in before)

    sgb.projector.rebuild()

    assert _schema(sgb.store) == before
    assert _deferred(sgb.store) == []
    assert assert_index_agrees_with_scan(sgb) > 0


def _dying_at(call: int | None = None, position: int | None = None) -> Callable[[int], None]:
    """A rebuild's progress that fails at its ``call``-th call, or at the first past ``position``."""
    calls = iter(range(1, 10**9))

    def progress(reached: int) -> None:
        if next(calls) == call or (position is not None and reached >= position):
            raise RuntimeError(f"the rebuild dies at position {reached}")

    return progress


@pytest.fixture
def one_issuance_per_transaction(monkeypatch: pytest.MonkeyPatch) -> None:
    """So that a rebuild dies with some transactions committed and more to come."""
    monkeypatch.setattr(projector, "REBUILD", TransactionSizes(issuances=1, events=1))


@pytest.mark.usefixtures("one_issuance_per_transaction")
@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_a_rebuild_that_dies_half_way_is_mended_by_the_next_catch_up(
    store_url: str, sgb: Sgb, monkeypatch: pytest.MonkeyPatch
) -> None:
    sgb.ingest_bundled_corpus()
    before = _schema(sgb.store)
    monkeypatch.setattr(projector, "UPKEEP_RESUMED_AT", 1.0)  # by the last transaction

    with pytest.raises(RuntimeError, match="dies at position"):
        sgb.projector.rebuild(_dying_at(call=3))

    store = sgb.store
    assert _deferred(store) == sorted(DEFERRED_BY_REBUILD)
    assert {name for _, name, *_ in _schema(store)}.isdisjoint(DEFERRED_BY_REBUILD)
    assert store.query("SELECT count(*) FROM rm_unit_version WHERE recorded_to IS NULL")[0][0] > 0
    assert store.query("SELECT count(*) FROM rm_current_span") == [(0,)]
    assert 0 < sgb.projector.position() < sgb.app.max_position()
    assert assert_index_agrees_with_scan(sgb) > 0  # the present record is read by a scan meanwhile

    reopened = open_sgb(sgb.settings)  # as the next process would: it catches up
    try:
        assert _schema(reopened.store) == before
        assert _deferred(reopened.store) == []
        assert reopened.projector.position() == reopened.app.max_position()
        assert assert_index_agrees_with_scan(reopened) > 0
        abolishing = FIXTURES / "documents/st-sgb-2012-9-abolishes-dfs.txt"
        reopened.ingestor.ingest([DocumentRequest(abolishing, Hints())])  # the triggers close versions
        assert assert_index_agrees_with_scan(reopened) > 0
    finally:
        reopened.close()


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_the_migration_will_not_roll_back_over_a_rebuild_that_did_not_finish(store_url: str) -> None:
    store = ReadStore(StoreSettings.from_url(store_url))
    backend = get_backend(store.settings.migrations_url())
    upkeep = read_migrations(str(SQL_DIRECTORY)).filter(lambda m: m.id == UPKEEP)
    try:
        store.migrate()
        store.clear()  # what a rebuild's first transaction does
        with backend.lock(), pytest.raises(RuntimeError, match="a rebuild did not finish"):
            backend.rollback_migrations(upkeep)
        assert _deferred(store) == sorted(DEFERRED_BY_REBUILD)

        assert sorted(store.resume_upkeep()) == sorted(DEFERRED_BY_REBUILD)
        with backend.lock():
            backend.rollback_migrations(upkeep)
        assert store.query("SELECT name FROM sqlite_master WHERE name = 'rm_deferred_upkeep'") == []
    finally:
        store.close()
        backend.connection.close()


@pytest.mark.usefixtures("one_issuance_per_transaction")
@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_a_rebuild_resumes_upkeep_in_the_transaction_that_reaches_its_share_of_the_log(
    store_url: str, sgb: Sgb, monkeypatch: pytest.MonkeyPatch
) -> None:
    sgb.ingest_bundled_corpus()
    before = _schema(sgb.store)
    monkeypatch.setattr(projector, "UPKEEP_RESUMED_AT", 0.5)
    half = sgb.app.max_position() // 2

    with pytest.raises(RuntimeError, match="dies at position"):
        sgb.projector.rebuild(_dying_at(position=half))

    assert half <= sgb.projector.position() < sgb.app.max_position()
    assert _schema(sgb.store) == before
    assert _deferred(sgb.store) == []
    current = "SELECT count(*) FROM rm_unit_version WHERE recorded_to IS NULL"
    assert sgb.store.query("SELECT count(*) FROM rm_current_span") == sgb.store.query(current)
    assert assert_index_agrees_with_scan(sgb) > 0
