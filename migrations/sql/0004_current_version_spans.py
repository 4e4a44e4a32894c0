"""An interval index over the current unit versions, so the units in force on a day are found without
visiting the versions that ended before it or start after it: the as-of cost stays flat as history grows.

Dates are stored as ISO text; the index keys them by an order-preserving day number (year * 372 +
month * 31 + day), which `service.projections.spans.day_number` computes the same way.
- SQLite: an R*Tree (`rtree_i32`) of (version rowid, first day, end day) for current versions, kept by
  triggers on `rm_unit_version` (rows are only inserted and then closed, or all deleted on a rebuild).
- PostgreSQL: a partial GiST index on the version's int4range.
"""

from __future__ import annotations

from typing import Any

from yoyo import step

__depends__ = {"0003_performance_indexes"}

_SQLITE_DAY = (
    "(CAST(substr({0}, 1, 4) AS INTEGER) * 372 + CAST(substr({0}, 6, 2) AS INTEGER) * 31"
    " + CAST(substr({0}, 9, 2) AS INTEGER))"
)
_SQLITE_END = f"COALESCE({_SQLITE_DAY.format('NEW.valid_to')}, 2147483647)"

SQLITE = [
    "CREATE VIRTUAL TABLE rm_current_span USING rtree_i32(id, first_day, end_day)",
    "CREATE TRIGGER rm_current_span_opened AFTER INSERT ON rm_unit_version WHEN NEW.recorded_to IS NULL "
    f"BEGIN INSERT INTO rm_current_span VALUES (NEW.rowid, {_SQLITE_DAY.format('NEW.valid_from')}, "
    f"{_SQLITE_END}); END",
    "CREATE TRIGGER rm_current_span_closed AFTER UPDATE OF recorded_to ON rm_unit_version "
    "WHEN OLD.recorded_to IS NULL AND NEW.recorded_to IS NOT NULL "
    "BEGIN DELETE FROM rm_current_span WHERE id = OLD.rowid; END",
    "INSERT INTO rm_current_span SELECT rowid, "
    f"{_SQLITE_DAY.format('valid_from')}, COALESCE({_SQLITE_DAY.format('valid_to')}, 2147483647) "
    "FROM rm_unit_version WHERE recorded_to IS NULL",
]
SQLITE_ROLLBACK = [
    "DROP TRIGGER rm_current_span_closed",
    "DROP TRIGGER rm_current_span_opened",
    "DROP TABLE rm_current_span",
]
POSTGRES = [
    "CREATE FUNCTION sgb_day_number(day text) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS "
    "$$ SELECT substr(day, 1, 4)::int * 372 + substr(day, 6, 2)::int * 31 + substr(day, 9, 2)::int $$",
    "CREATE FUNCTION sgb_validity(valid_from text, valid_to text) RETURNS int4range LANGUAGE sql IMMUTABLE "
    "PARALLEL SAFE AS $$ SELECT int4range(sgb_day_number(valid_from), "
    "GREATEST(sgb_day_number(valid_from), COALESCE(sgb_day_number(valid_to), 2147483647))) $$",
    "CREATE INDEX rm_unit_version_current_span ON rm_unit_version USING gist "
    "(sgb_validity(valid_from, valid_to)) WHERE recorded_to IS NULL",
]
POSTGRES_ROLLBACK = [
    "DROP INDEX rm_unit_version_current_span",
    "DROP FUNCTION sgb_validity(text, text)",
    "DROP FUNCTION sgb_day_number(text)",
]


def _is_sqlite(connection: Any) -> bool:
    return type(connection).__module__.startswith("sqlite3")


def _run(connection: Any, statements: list[str]) -> None:
    cursor = connection.cursor()
    for statement in statements:
        cursor.execute(statement)


def apply(connection: Any) -> None:
    _run(connection, SQLITE if _is_sqlite(connection) else POSTGRES)


def rollback(connection: Any) -> None:
    _run(connection, SQLITE_ROLLBACK if _is_sqlite(connection) else POSTGRES_ROLLBACK)


steps = [step(apply, rollback)]
