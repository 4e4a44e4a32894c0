"""A table of the schema objects whose upkeep a rebuild on SQLite has set aside, with their declarations.

A rebuild inserts every row of the read models anew. On SQLite it drops what nothing it reads goes by (the
triggers that keep the interval index of current versions, and two indexes that only the API reads by) in
the transaction that empties the read models, writes their declarations here in the same transaction, and
declares them again at its end, filling the interval index from the versions then
(``service.projections.upkeep``). Kept in the store, the declarations outlive a rebuild that dies half-way:
the next projector to catch up declares them again before it writes anything. PostgreSQL keeps the table
empty.

The rollback drops the table, and refuses to while it holds a declaration: that would lose it.
"""

from __future__ import annotations

from typing import Any

from yoyo import step

__depends__ = {"0009_issuances_by_position"}


def rollback(connection: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("SELECT name FROM rm_deferred_upkeep ORDER BY name")
    if names := [name for (name,) in cursor.fetchall()]:
        raise RuntimeError(
            f"a rebuild did not finish, and set aside {', '.join(names)}: "
            "`sgb project` declares them again; then roll back"
        )
    cursor.execute("DROP TABLE rm_deferred_upkeep")


steps = [
    step(
        "CREATE TABLE rm_deferred_upkeep "
        "(name TEXT PRIMARY KEY, type TEXT NOT NULL, declaration TEXT NOT NULL)",
        rollback,
    ),
]
