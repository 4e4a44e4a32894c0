"""The read-model indexes after migrating, on SQLite and PostgreSQL: migration 0005 drops the two indexes that
were leading prefixes of wider ones and keeps the wider ones, on a fresh store and on a store upgraded from
0004 (what `sgb migrate` does to an existing one); its rollback creates them again. No plain index of a
read-model table is left that a wider one makes redundant.

PostgreSQL: after migration 0006, the interval index's expression is evaluated whatever the search_path (an
ANALYZE as autovacuum runs it), with the same results, still inlined and still used by the as-of query; its
rollback brings back 0004's functions.

Migration 0009's index of issuance positions is what the catalogue's extension after a recording reads by.

Migration 0010 empties the read models, its rollback too, and the next open projects them again from the
log: the same answers, sources and all."""

from __future__ import annotations

from datetime import date
from typing import Any

import psycopg
import pytest
from yoyo import get_backend, read_migrations

from migrations import SQL_DIRECTORY
from service.api.catalog import load_catalog
from service.bootstrap import open_sgb
from service.projections.feeds import ISSUANCES_SINCE, recorded_since
from service.projections.queries import ReadModel
from service.projections.rows import current_versions_on, day_number
from service.projections.store import ReadStore
from service.projections.symbols import _ABOLITIONS as _ABOLITIONS_OF
from service.settings import StoreSettings

DROPPING = "0005_drop_redundant_indexes"
DROPPED = {"rm_unit_version_asof", "rm_provision_unit"}
WIDER = {
    "rm_unit_version_current": ("rm_unit_version", ("recorded_to", "valid_from", "valid_to")),
    "rm_provision_unit_kind": ("rm_provision", ("unit_id", "kind")),
}

_POSTGRES_INDEXES = """
SELECT t.relname, i.relname, x.indisunique, x.indpred IS NOT NULL OR am.amname <> 'btree',
       ARRAY(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, n)
             LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum ORDER BY k.n)
FROM pg_index x
JOIN pg_class t ON t.oid = x.indrelid
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_am am ON am.oid = i.relam
WHERE t.relnamespace = current_schema()::regnamespace AND left(t.relname, 3) = 'rm_'
"""

# table, key columns (None: an expression), unique, other (partial or not a B-tree)
Index = tuple[str, tuple[str | None, ...], bool, bool]


def _indexes(store: ReadStore) -> dict[str, Index]:
    """Every index of the read-model tables, by name."""
    if store.settings.backend == "postgresql":
        return {
            name: (table, tuple(columns), unique, other)
            for table, name, unique, other, columns in store.query(_POSTGRES_INDEXES)
        }
    found: dict[str, Index] = {}
    tables = store.query("SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 3) = 'rm_'")
    for (table,) in tables:
        listed = store.query('SELECT name, "unique", partial FROM pragma_index_list(?)', (table,))
        for name, unique, partial in listed:
            columns = store.query("SELECT name FROM pragma_index_info(?) ORDER BY seqno", (name,))
            found[name] = (table, tuple(c for (c,) in columns), bool(unique), bool(partial))
    return found


def _redundant(indexes: dict[str, Index]) -> list[tuple[str, str]]:
    """(narrow, wide): a non-unique plain index whose columns lead another index of the same table."""
    plain = {n: i for n, i in indexes.items() if not i[3] and None not in i[1]}
    return sorted(
        (narrow, wide)
        for narrow, (table, columns, unique, _) in plain.items()
        if not unique
        for wide, (other_table, other_columns, _, _) in plain.items()
        if wide != narrow and other_table == table and other_columns[: len(columns)] == columns
    )


def _assert_migrated(store: ReadStore) -> None:
    indexes = _indexes(store)
    assert DROPPED.isdisjoint(indexes), sorted(DROPPED & set(indexes))
    assert {name: indexes[name][:2] for name in WIDER if name in indexes} == WIDER
    assert _redundant(indexes) == []


def _open(store_url: str) -> tuple[ReadStore, Any, Any]:
    settings = StoreSettings.from_url(store_url)
    return ReadStore(settings), get_backend(settings.migrations_url()), read_migrations(str(SQL_DIRECTORY))


def test_a_fresh_store_has_only_the_wider_indexes(store_url: str) -> None:
    store, backend, _ = _open(store_url)
    try:
        assert DROPPING in store.migrate()
        _assert_migrated(store)
    finally:
        store.close()
        backend.connection.close()


def test_an_existing_store_upgrades_and_rolls_back(store_url: str) -> None:
    store, backend, migrations = _open(store_url)
    try:
        with backend.lock():
            backend.apply_migrations(backend.to_apply(migrations.filter(lambda m: m.id < DROPPING)))
        before = _indexes(store)
        assert set(before) >= DROPPED
        assert [pair for pair in _redundant(before) if pair[0] in DROPPED] == [
            ("rm_provision_unit", "rm_provision_unit_kind"),
            ("rm_unit_version_asof", "rm_unit_version_current"),
        ]
        with store.transaction() as cursor:
            cursor.execute(
                "INSERT INTO rm_provision (symbol, seq, kind, quote, unit_id, data, recorded_at) "
                "VALUES ('ST/SGB/1', 1, 'UNIT_DEFINED', 'q', 'u', '{}', 't')"
            )

        with backend.lock():  # not on to 0010, which empties the read models
            backend.apply_migrations(backend.to_apply(migrations.filter(lambda m: m.id <= DROPPING)))
        _assert_migrated(store)
        kept = store.query("SELECT seq FROM rm_provision WHERE unit_id = 'u' AND kind = 'UNIT_DEFINED'")
        assert kept == [(1,)]

        with backend.lock():
            backend.rollback_migrations(backend.to_rollback(migrations.filter(lambda m: m.id >= DROPPING)))
        assert _indexes(store) == before
        assert store.migrate()[0] == DROPPING
        _assert_migrated(store)
    finally:
        store.close()
        backend.connection.close()


BINDING = "0006_span_functions_bound_at_creation"
REFERRING = "0010_sources_by_reference"
# name, string body (empty for a SQL-standard body), SQL-standard body
_SPAN_FUNCTIONS = (
    "SELECT proname, prosrc, prosqlbody IS NOT NULL FROM pg_proc "
    "WHERE pronamespace = current_schema()::regnamespace AND proname IN ('sgb_day_number', 'sgb_validity') "
    "ORDER BY 1"
)


def _analyze_without_the_schema(settings: StoreSettings) -> str | None:
    """ANALYZE rm_unit_version as autovacuum does, with an empty search_path: None, or the error's class."""
    with psycopg.connect(
        host=settings.host,
        port=settings.port,
        dbname=settings.dbname,
        user=settings.user,
        password=settings.password,
        autocommit=True,
    ) as connection:
        connection.execute("SET search_path = ''")
        try:
            connection.execute(f"ANALYZE {settings.schema}.rm_unit_version")
        except psycopg.Error as error:
            return type(error).__name__
    return None


def _as_of_plan(store: ReadStore) -> str:
    sql, params = current_versions_on("postgresql", date(2011, 1, 1))
    with store.transaction() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a few rows: a scan would be cheaper
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(line for (line,) in cursor.fetchall())


@pytest.mark.postgres
@pytest.mark.parametrize("store_url", ["postgresql"], indirect=True)
def test_the_span_index_is_evaluated_whatever_the_search_path(store_url: str) -> None:
    store, backend, migrations = _open(store_url)
    try:
        with backend.lock():
            backend.apply_migrations(backend.to_apply(migrations.filter(lambda m: m.id < BINDING)))
        with store.transaction() as cursor:
            cursor.execute(
                "INSERT INTO rm_unit_version (unit_id, valid_from, valid_to, recorded_from, recorded_to, "
                "name, kind, head_reports_to, aliases, sources) VALUES "
                "('a', '2010-01-01', NULL, 't1', NULL, 'A', 'office', '', '[]', '[]'), "
                "('b', '2010-01-01', '2012-06-30', 't1', NULL, 'B', 'office', '', '[]', '[]'), "
                "('c', '2009-03-01', '2010-01-01', 't1', 't2', 'C', 'office', '', '[]', '[]')"
            )
        spans = "SELECT unit_id, sgb_validity(valid_from, valid_to)::text FROM rm_unit_version ORDER BY 1"
        before = store.query(spans)
        assert before[0] == ("a", f"[{day_number(date(2010, 1, 1))},2147483647)")  # as the app numbers days
        functions = store.query(_SPAN_FUNCTIONS)
        assert [sql_body for _, _, sql_body in functions] == [False, False]
        assert _analyze_without_the_schema(store.settings) == "UndefinedFunction"

        with backend.lock():  # and those after it, up to 0010, which empties the read models
            pending = backend.to_apply(migrations.filter(lambda m: m.id < REFERRING))
            assert [m.id for m in pending][:1] == [BINDING]
            backend.apply_migrations(pending)
        assert _analyze_without_the_schema(store.settings) is None
        assert store.query(
            "SELECT count(*) FROM pg_stats WHERE schemaname = current_schema() "
            "AND tablename = 'rm_unit_version_current_span'"
        ) == [(1,)]
        assert [sql_body for _, _, sql_body in store.query(_SPAN_FUNCTIONS)] == [True, True]
        assert store.query(spans) == before
        # Still inlined (a call would show by name), so the index and the as-of query still match.
        inlined = store.query(
            "EXPLAIN VERBOSE SELECT sgb_validity(valid_from, valid_to) FROM rm_unit_version"
        )
        assert "sgb_" not in " ".join(line for (line,) in inlined)
        assert "rm_unit_version_current_span" in _as_of_plan(store)

        with backend.lock():
            backend.rollback_migrations(backend.to_rollback(migrations.filter(lambda m: m.id >= BINDING)))
        assert store.query(_SPAN_FUNCTIONS) == functions
        assert _analyze_without_the_schema(store.settings) == "UndefinedFunction"
        assert store.migrate()[:1] == [BINDING]  # and those after it
        assert _analyze_without_the_schema(store.settings) is None
    finally:
        store.close()
        backend.connection.close()


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_the_catalogue_reads_only_the_provisions_naming_an_issuance(store_url: str) -> None:
    store, backend, _ = _open(store_url)
    try:
        store.migrate()
        read: list[str] = []
        store.query("SELECT 1")  # this thread's connection, which the catalogue reads on
        store._sqlite_connection().set_trace_callback(read.append)
        load_catalog(ReadModel(store), None)
        ReadModel(store).issuance("ST/SGB/2099/1")  # known by no recording: looked for among citations
        store._sqlite_connection().set_trace_callback(None)
        plans = {sql: _sqlite_plan(store, sql) for sql in read if "rm_provision" in sql}
        assert len(plans) == 4
        for sql, plan in plans.items():
            assert "SCAN rm_provision" not in plan and "SCAN p " not in plan, (sql, plan)
        assert sum("rm_provision_naming" in plan for plan in plans.values()) == 3  # the 4th: target's own
        # The projector's search for the abolitions of given issuances searches by target too, not through
        # every abolition (as it did when the index had only the kind).
        searched = _sqlite_plan(store, _ABOLITIONS_OF.format("'ST/SGB/2000/1', 'ST/SGB/2001/1'"))
        assert "rm_provision_naming (kind=? AND target=?)" in searched, searched
    finally:
        store.close()
        backend.connection.close()


def _sqlite_plan(store: ReadStore, sql: str) -> str:
    return " / ".join(str(row[-1]) for row in store.query(f"EXPLAIN QUERY PLAN {sql}"))


def test_the_catalogues_extension_finds_new_issuances_by_position(store_url: str) -> None:
    """After a recording the API reads the issuances recorded since its position (``recorded_since``) by
    the index of positions (migration 0009), not by going through every issuance."""
    store, backend, _ = _open(store_url)
    try:
        store.migrate()
        if store.settings.backend == "postgresql":
            with store.transaction() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")  # no rows: a scan would be cheaper
                cursor.execute(f"EXPLAIN {ISSUANCES_SINCE}", (0,))
                plan = "\n".join(line for (line,) in cursor.fetchall())
            assert "rm_issuance_position" in plan, plan
            return
        read: list[str] = []
        store.query("SELECT 1")  # this thread's connection, which the read side reads on
        store._sqlite_connection().set_trace_callback(read.append)
        recorded_since(store, 0)
        store._sqlite_connection().set_trace_callback(None)
        plans = [_sqlite_plan(store, sql) for sql in read if "FROM rm_issuance WHERE" in sql]
        assert len(plans) == 1
        assert "USING INDEX rm_issuance_position (position>?)" in plans[0], plans[0]
    finally:
        store.close()
        backend.connection.close()


_ROWS_KEPT = "SELECT (SELECT COUNT(*) FROM rm_unit_version) + (SELECT COUNT(*) FROM rm_tracking)"


def _answer(read_model: ReadModel) -> list[tuple[Any, ...]]:
    """The organisation on a day of the bundled corpus, each unit with the words its sources refer to."""
    units = read_model.organization(date(2013, 8, 5)).units
    words = read_model.passages([(s.symbol, s.seq) for unit in units for s in unit.sources])
    return [(u, [words[(s.symbol, s.seq)] for s in u.sources]) for u in units]


def test_the_read_models_are_emptied_both_ways_and_projected_again_alike(store_url: str) -> None:
    settings = StoreSettings.from_url(store_url)
    sgb = open_sgb(settings)
    backend = get_backend(settings.migrations_url())
    try:
        sgb.ingest_bundled_corpus()
        before = _answer(sgb.read_model)
        assert len(before) > 100 and all(words for _, words in before)
        with backend.lock():
            found = read_migrations(str(SQL_DIRECTORY)).filter(lambda m: m.id >= REFERRING)
            backend.rollback_migrations(backend.to_rollback(found))
        assert sgb.store.query(_ROWS_KEPT) == [(0,)]
    finally:
        sgb.close()
        backend.connection.close()
    again = open_sgb(settings)  # migrates (0010 empties what is there) and catches up from the log
    try:
        assert again.store.query("SELECT COUNT(*) FROM rm_tracking") == [(1,)]
        assert _answer(again.read_model) == before
    finally:
        again.close()
