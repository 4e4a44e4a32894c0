"""Drop two indexes that are leading prefixes of wider ones (performance only; no data changes).

- ``rm_unit_version_asof (recorded_to, valid_from)`` (0001) is a prefix of ``rm_unit_version_current
  (recorded_to, valid_from, valid_to)`` (0003);
- ``rm_provision_unit (unit_id)`` (0001) is a prefix of ``rm_provision_unit_kind (unit_id, kind)`` (0003).

Both are plain B-tree indexes, the same on SQLite and PostgreSQL, so the wider index serves every search the
narrower one did, and every insert no longer pays for a second copy of the same keys. On an S1 store no
SQLite plan used the narrower ones; on PostgreSQL the plans that did use the wider ones in the same way.
The rollback creates them again as 0001 did.
"""

from __future__ import annotations

from yoyo import step

__depends__ = {"0004_current_version_spans"}

steps = [
    step(
        "DROP INDEX rm_unit_version_asof",
        "CREATE INDEX rm_unit_version_asof ON rm_unit_version (recorded_to, valid_from)",
    ),
    step(
        "DROP INDEX rm_provision_unit",
        "CREATE INDEX rm_provision_unit ON rm_provision (unit_id)",
    ),
]
