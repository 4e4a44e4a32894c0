"""Empty the read models, so that they are projected again with the sources of versions and changes by
reference (the read models only; the event log, which holds every record, is untouched).

From this migration on, a version's or a change's sources name their provisions by (symbol, seq), and their
section, paragraph and words are read from ``rm_provision``, where they already stood, rather than written
again into every version row. The projector compares the rows it makes with
the rows stored, so rows in the old form would all be closed and written again: a change of record that
is not one. So the read models are emptied instead (tracked position and all), and the next catch-up, or
``sgb rebuild``, projects them again from the log, with the same recorded times.

The rollback empties them too: the code before this migration projects them again in its own form.
"""

from __future__ import annotations

from typing import Any

from yoyo import step

__depends__ = {"0009_issuances_by_position"}

# The read models as they stand at this migration: ``store.READ_MODEL_TABLES`` again, written out rather than
# imported, so that the migration does what it did when the code's list changes.
TABLES = (
    "rm_unit_change",
    "rm_unit_version",
    "rm_change_point",
    "rm_provision",
    "rm_issuance",
    "rm_tracking",
)
SQLITE_SPAN_INDEX = "rm_current_span"  # migration 0004's R*Tree: its rows go with the versions'


def _empty(connection: Any) -> None:
    cursor = connection.cursor()
    if not type(connection).__module__.startswith("sqlite3"):
        cursor.execute(f"TRUNCATE {', '.join(TABLES)}")
        return
    cursor.execute("PRAGMA secure_delete = FAST")  # as ``store.SECURE_DELETE`` says: not every page zeroed
    for table in TABLES:
        cursor.execute(f"DELETE FROM {table}")
    # Made anew as it was declared: DELETE takes an R*Tree apart entry by entry (``store._create_anew``).
    cursor.execute("SELECT sql FROM sqlite_master WHERE name = ?", (SQLITE_SPAN_INDEX,))
    [(declaration,)] = cursor.fetchall()
    cursor.execute(f"DROP TABLE {SQLITE_SPAN_INDEX}")
    cursor.execute(declaration)


steps = [step(_empty, _empty)]
