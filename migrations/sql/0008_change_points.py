"""The change points of the present record, kept by the projector: per day, how many current unit versions
start or end on it (a day with none has no row).

The API finds the change point a date falls in, for every as-of answer, from the list of them; it read
that list from every current version once per projector position, so after each new recording: 115 ms of
an S10 store's first answer after one (SQLite, a slow machine session), and ten times that at S100. The
projector counts the versions it closes and inserts per day, in the same transaction. Filled here from the
current versions; the rollback drops it.
"""

from __future__ import annotations

from yoyo import step

__depends__ = {"0007_provisions_naming_an_issuance"}

steps = [
    step(
        "CREATE TABLE rm_change_point (day TEXT PRIMARY KEY, versions INTEGER NOT NULL)",
        "DROP TABLE rm_change_point",
    ),
    step(
        "INSERT INTO rm_change_point (day, versions) SELECT day, COUNT(*) FROM ("
        "SELECT valid_from AS day FROM rm_unit_version WHERE recorded_to IS NULL UNION ALL "
        "SELECT valid_to AS day FROM rm_unit_version WHERE recorded_to IS NULL AND valid_to IS NOT NULL"
        ") AS bounds GROUP BY day"
    ),
]
