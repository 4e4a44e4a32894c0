"""What a rebuild on SQLite leaves undone until its end: the upkeep of what nothing it reads goes by.

A rebuild inserts every row of the read models anew, and on SQLite its writer spent about a third of its
time keeping the interval index of current versions (two triggers and an R*Tree, migration 0004) and the
two indexes only the API reads by. Building them once from the finished tables costs a fraction of that.

The objects are dropped in the transaction that empties the read models, and their declarations kept in
``rm_deferred_upkeep`` (migration 0010) in that same transaction; ``resume_upkeep`` declares them again and
fills the interval index. A rebuild resumes at its end; a rebuild that died half-way is resumed by the next
projector's turn, before it writes anything, so no catch-up ever writes a version the interval index misses.
While the upkeep is set aside, the API reads the present record by a scan (``ReadStore.upkeep_deferred``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from migrations.current_spans import SQLITE_FILL, SQLITE_INDEX

if TYPE_CHECKING:
    from service.projections.store import Cursor

DEFERRED_BY_REBUILD = (
    "rm_current_span_opened",  # the triggers that keep the interval index (resuming fills it)
    "rm_current_span_closed",
    "rm_unit_version_current",  # the as-of scan's index (past recorded times)
    "rm_unit_change_when",  # the changes between two dates
)


def defer_upkeep(cursor: Cursor) -> None:
    """Set aside whichever of ``DEFERRED_BY_REBUILD`` the schema holds (none, if a rebuild that died
    half-way already did), keeping their declarations. Empties the interval index: resuming fills it."""
    marks = ", ".join("?" * len(DEFERRED_BY_REBUILD))
    cursor.execute(
        f"SELECT name, type, sql FROM sqlite_master WHERE name IN ({marks}) ORDER BY name",
        DEFERRED_BY_REBUILD,
    )
    declared = cursor.fetchall()
    for name, kind, declaration in declared:
        cursor.execute(
            "INSERT INTO rm_deferred_upkeep (name, type, declaration) VALUES (?, ?, ?)",
            (name, kind, declaration),
        )
        cursor.execute(f"DROP {kind.upper()} {name}")


def resume_upkeep(cursor: Cursor) -> list[str]:
    """Declare again what ``defer_upkeep`` set aside, fill the interval index from the current versions, and
    forget the declarations; returns the names declared (none if nothing was set aside)."""
    cursor.execute("SELECT name, declaration FROM rm_deferred_upkeep ORDER BY type, name")
    deferred = cursor.fetchall()
    if not deferred:
        return []
    cursor.execute(f"DELETE FROM {SQLITE_INDEX}")  # empty already, unless someone wrote it by hand
    cursor.execute(SQLITE_FILL)
    for _, declaration in deferred:
        cursor.execute(declaration)
    cursor.execute("DELETE FROM rm_deferred_upkeep")
    return [name for name, _ in deferred]
