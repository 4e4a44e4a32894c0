"""The rows one read-model transaction writes, gathered and written a table at a time.

A version or change row inserted and closed again within the transaction is inserted closed. Rows closed
that were current before are closed by UPDATE, before any insert: an insert may bring back a row with the
same key, which the UPDATE must not touch.
"""

from __future__ import annotations

from typing import Any

from service.projections.store import Cursor, Row, insert_rows
from service.projections.unit_state import RowDiff

_ISSUANCE_COLUMNS = (
    "symbol, kind, title, language, issued_on, effective_on, department, source_name, source_sha256, "
    "metadata_sources, recorded_at, position"
)
_PROVISION_COLUMNS = "symbol, seq, kind, section, paragraph, quote, unit_id, target, data, recorded_at"
_COLUMNS = {
    "rm_unit_version": (
        "unit_id, valid_from, valid_to, name, kind, parent_id, head_post, head_reports_to, aliases, sources",
        "valid_from",
    ),
    "rm_unit_change": (
        "unit_id, ordinal, effective_on, change, name, before_value, after_value, source",
        "ordinal",
    ),
}


class PendingWrites:
    def __init__(self, cursor: Cursor) -> None:
        self.cursor = cursor
        self.issuances: list[Row] = []
        self.provisions: list[Row] = []
        self.closing: dict[str, list[Row]] = {table: [] for table in _COLUMNS}
        self.inserting: dict[str, list[list[Any]]] = {table: [] for table in _COLUMNS}
        self._open: dict[str, dict[tuple[str, Any], list[Any]]] = {table: {} for table in _COLUMNS}

    def reading_cursor(self) -> Cursor:
        """The cursor, once everything gathered so far is written: a read sees it all."""
        self.flush()
        return self.cursor

    def replace(self, table: str, unit_id: str, diff: RowDiff, recorded_at: str) -> None:
        """Close the unit's current rows with the keys in ``diff`` and insert its new rows, at
        ``recorded_at``."""
        pending = self._open[table]
        for key in diff.closing:
            inserted = pending.pop((unit_id, key), None)
            if inserted is not None:
                inserted[-1] = recorded_at
            else:
                self.closing[table].append((recorded_at, unit_id, key))
        for row in diff.inserting:
            values = [*row, recorded_at, None]
            self.inserting[table].append(values)
            pending[(unit_id, row[1])] = values

    def flush(self) -> None:
        if not (
            self.issuances or self.provisions or any(self.closing.values()) or any(self.inserting.values())
        ):
            return
        insert_rows(self.cursor, "rm_issuance", _ISSUANCE_COLUMNS, self.issuances)
        insert_rows(self.cursor, "rm_provision", _PROVISION_COLUMNS, self.provisions)
        self.issuances, self.provisions = [], []
        for table, (columns, key) in _COLUMNS.items():
            self.cursor.executemany(
                f"UPDATE {table} SET recorded_to = ? WHERE unit_id = ? AND {key} = ? AND recorded_to IS NULL",
                self.closing[table],
            )
            insert_rows(self.cursor, table, f"{columns}, recorded_from, recorded_to", self.inserting[table])
            self.closing[table], self.inserting[table], self._open[table] = [], [], {}
