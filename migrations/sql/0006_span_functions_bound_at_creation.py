"""PostgreSQL: the functions of the interval index (0004) no longer depend on the search_path when they run.

0004 wrote their bodies as strings, so names in them were looked up each time a body was planned, by the
caller's search_path. ``sgb_validity`` calls ``sgb_day_number`` by its bare name, which only the store's own
schema holds. Anything that evaluates the index expression of ``rm_unit_version_current_span`` with a
search_path without that schema failed with "function sgb_day_number(text) does not exist": an ANALYZE of
``rm_unit_version`` from autovacuum (it runs with an empty search_path) or from any other session, so the
table never got statistics; and pg_restore of a dump (also with an empty search_path), which could not
create the index.

Both bodies are now SQL-standard (``RETURN expression``): PostgreSQL resolves their names once, when the
function is created, under the migration's search_path (the store's schema), and keeps what they resolved
to (by object, so renaming the schema does not break them, and pg_dump writes them schema-qualified). The
functions stay inlinable SQL functions, so the expressions, their results, the index, the plans and their
costs are the same as before. (``ALTER FUNCTION ... SET search_path`` would also have fixed it, but a
function with a SET clause is never inlined: each evaluation then costs a call and a search_path switch,
about three times the inlined expression on an S1 store, and the planner costs the call higher. A
schema-qualified string body would name the schema as it was at migration time.) SQL-standard bodies need
PostgreSQL 14 or later. The rollback writes the bodies as 0004 did. SQLite: nothing to do.
"""

from __future__ import annotations

from typing import Any

from yoyo import step

__depends__ = {"0005_drop_redundant_indexes"}

_DAY_NUMBER = "substr(day, 1, 4)::int * 372 + substr(day, 6, 2)::int * 31 + substr(day, 9, 2)::int"
_VALIDITY = (
    "int4range(sgb_day_number(valid_from), "
    "GREATEST(sgb_day_number(valid_from), COALESCE(sgb_day_number(valid_to), 2147483647)))"
)
_DAY_NUMBER_HEAD = (
    "CREATE OR REPLACE FUNCTION sgb_day_number(day text) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE"
)
_VALIDITY_HEAD = (
    "CREATE OR REPLACE FUNCTION sgb_validity(valid_from text, valid_to text) RETURNS int4range "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE"
)

# sgb_day_number first: sgb_validity's new body then records that it depends on it.
POSTGRES = [
    f"{_DAY_NUMBER_HEAD} RETURN {_DAY_NUMBER}",
    f"{_VALIDITY_HEAD} RETURN {_VALIDITY}",
]
# As 0004 created them.
POSTGRES_ROLLBACK = [
    f"{_VALIDITY_HEAD} AS $$ SELECT {_VALIDITY} $$",
    f"{_DAY_NUMBER_HEAD} AS $$ SELECT {_DAY_NUMBER} $$",
]


def _run(connection: Any, statements: list[str]) -> None:
    if type(connection).__module__.startswith("sqlite3"):
        return
    cursor = connection.cursor()
    for statement in statements:
        cursor.execute(statement)


def apply(connection: Any) -> None:
    _run(connection, POSTGRES)


def rollback(connection: Any) -> None:
    _run(connection, POSTGRES_ROLLBACK)


steps = [step(apply, rollback)]
