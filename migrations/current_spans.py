"""SQLite's interval index of current versions (migration 0004): how its rows are computed from the versions.

Shared by the migration that creates and fills it, and by a rebuild, which fills it once at its end rather
than row by row as it goes (``service.projections.upkeep``)."""

from __future__ import annotations

SQLITE_INDEX = "rm_current_span"  # an R*Tree of (version rowid, first day, end day)
NO_END = 2147483647  # the end day of a version whose validity is open


def sqlite_day(column: str) -> str:
    """An ISO date column as an order-preserving day number (year * 372 + month * 31 + day), as
    ``service.projections.rows.day_number`` computes it."""
    return (
        f"(CAST(substr({column}, 1, 4) AS INTEGER) * 372 + CAST(substr({column}, 6, 2) AS INTEGER) * 31"
        f" + CAST(substr({column}, 9, 2) AS INTEGER))"
    )


SQLITE_FILL = (
    f"INSERT INTO {SQLITE_INDEX} SELECT rowid, {sqlite_day('valid_from')}, "
    f"COALESCE({sqlite_day('valid_to')}, {NO_END}) FROM rm_unit_version WHERE recorded_to IS NULL"
)
