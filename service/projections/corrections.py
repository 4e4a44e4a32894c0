"""The corrections recorded against issuances, as the audit trail shows them."""

from __future__ import annotations

import json

from events.issuance import normalise_symbol
from service.projections.store import ReadStore
from service.projections.views import CorrectionView

_COLUMNS = "symbol, seq, section, paragraph, quote, unit_id, data, recorded_at"


def corrections(
    store: ReadStore, symbol: str | None = None, unit_id: str | None = None, known_at: str | None = None
) -> list[CorrectionView]:
    """Corrections of one issuance, or touching one unit (before or after), or all; as known at a time."""
    conditions, params = ["kind = 'CORRECTED'"], []
    if symbol is not None:
        conditions.append("symbol = ?")
        params.append(normalise_symbol(symbol))
    if known_at is not None:
        conditions.append("recorded_at <= ?")
        params.append(known_at)
    where = " AND ".join(conditions)
    rows = store.query(
        f"SELECT {_COLUMNS} FROM rm_provision WHERE {where} ORDER BY recorded_at, symbol, seq", params
    )
    found = [_view(row) for row in rows]
    return [c for c in found if unit_id is None or unit_id in (c.unit_id, c.was_unit_id)]


def _view(row: tuple[object, ...]) -> CorrectionView:
    symbol, seq, section, paragraph, quote, unit_id, data, recorded_at = row
    d = json.loads(str(data))
    return CorrectionView(
        correction_id=d["correction_id"],
        symbol=str(symbol),
        seq=int(str(seq)),
        section=section if isinstance(section, str) else None,
        paragraph=paragraph if isinstance(paragraph, str) else None,
        text=str(quote),
        field=d["field"],
        was=d["was"],
        now=d["now"],
        unit_id=unit_id if isinstance(unit_id, str) else None,
        was_unit_id=d.get("was_unit_id"),
        target_seqs=tuple(d["target_seqs"]),
        reason=d["reason"],
        author=d["author"],
        recorded_at=str(recorded_at),
    )
