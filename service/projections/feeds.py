"""Bulk reads for feeds and batched loads: every unit version across all valid time, provisions by symbol,
the passages sources refer to."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from operator import attrgetter

from events.issuance import normalise_symbol
from service.projections.rows import (
    ABOLITION_COLUMNS,
    ISSUANCE_COLUMNS,
    UNIT_COLUMNS,
    abolition_view,
    citations_by_target,
    cited_view,
    issuance_view,
    recorded_slice,
    unit_view,
)
from service.projections.store import ReadStore, Row
from service.projections.views import IssuanceView, PassageView, ProvisionView, RecordedSince, UnitView

_PROVISION_COLUMNS = "symbol, seq, kind, section, paragraph, quote, unit_id, target, data"
_BATCH = 500  # bound on the parameters of one IN (...) list
ISSUANCES_SINCE = f"SELECT {ISSUANCE_COLUMNS} FROM rm_issuance WHERE position > ?"


def all_unit_versions(store: ReadStore, known_at: str | None = None) -> list[UnitView]:
    """Every version of every unit, as known at `known_at`, by unit then valid time (one query)."""
    where, params = recorded_slice(known_at)
    rows = store.query(
        f"SELECT {UNIT_COLUMNS} FROM rm_unit_version WHERE {where} ORDER BY unit_id, valid_from", params
    )
    return [unit_view(r) for r in rows]


def provisions_for(
    store: ReadStore, symbols: Iterable[str], known_at: str | None = None
) -> dict[str, list[ProvisionView]]:
    """The provisions of several issuances in document order, keyed by the symbols asked for."""
    asked = {symbol: normalise_symbol(symbol) for symbol in symbols}
    wanted = sorted(set(asked.values()))
    found: dict[str, list[ProvisionView]] = {}
    recorded = "" if known_at is None else " AND recorded_at <= ?"
    for start in range(0, len(wanted), _BATCH):
        batch = wanted[start : start + _BATCH]
        marks = ", ".join("?" for _ in batch)
        rows = store.query(
            f"SELECT {_PROVISION_COLUMNS} FROM rm_provision WHERE symbol IN ({marks}){recorded} "
            "ORDER BY symbol, seq",
            (*batch, *(() if known_at is None else (known_at,))),
        )
        for row in rows:
            found.setdefault(row[0], []).append(ProvisionView(*row))
    return {symbol: found.get(normal, []) for symbol, normal in asked.items()}


def passages(store: ReadStore, keys: Collection[tuple[str, int]]) -> dict[tuple[str, int], PassageView]:
    """The place and words of the provisions named by (symbol, seq), found by primary key; a provision is
    never changed once recorded (a correction is a provision of its own), so no recorded time bounds it."""
    wanted = sorted(set(keys))
    found: dict[tuple[str, int], PassageView] = {}
    for start in range(0, len(wanted), _BATCH // 2):
        batch = wanted[start : start + _BATCH // 2]
        rows = store.query(
            "SELECT symbol, seq, section, paragraph, quote FROM rm_provision "
            f"WHERE (symbol, seq) IN (VALUES {', '.join(['(?, ?)'] * len(batch))})",
            [value for key in batch for value in key],
        )
        for symbol, seq, section, paragraph, quote in rows:
            found[(symbol, seq)] = PassageView(section, paragraph, quote)
    return found


def all_issuances(store: ReadStore, known_at: str | None = None) -> list[IssuanceView]:
    """What `ReadModel.issuances` answers (recorded ones by symbol, then those known only by citation), in
    three queries however many documents are cited."""
    recorded_before, bound = ("1 = 1", ()) if known_at is None else ("recorded_at <= ?", (known_at,))
    recorded = [
        issuance_view(r)
        for r in store.query(
            f"SELECT {ISSUANCE_COLUMNS} FROM rm_issuance WHERE {recorded_before} ORDER BY symbol", bound
        )
    ]
    targets = store.query(
        f"SELECT DISTINCT target FROM rm_provision WHERE target IS NOT NULL AND {recorded_before} "
        "ORDER BY target",
        bound,
    )
    citations = citations_by_target(
        store.query(
            "SELECT target, data FROM rm_provision WHERE target IS NOT NULL "
            f"AND kind IN ('ABOLISHES', 'CITES') AND {recorded_before} ORDER BY recorded_at, symbol, seq",
            bound,
        )
    )
    known = {i.symbol.upper() for i in recorded}  # a symbol recorded in any case is not known by citation
    cited = [
        cited_view(*citations[t.upper()])
        for (t,) in targets
        if t.upper() not in known and t.upper() in citations
    ]
    return recorded + cited


def recorded_since(store: ReadStore, position: int) -> RecordedSince:
    """The issuances recorded after ``position`` (projected since), the abolitions they make and what they
    cite: what they add to the catalogue (``service.api.catalog``). Their provisions are found by symbol:
    said with ``target IS NOT NULL``, both stores went through every citation by the index of those."""
    # Found by the index of positions (migration 0009) and sorted here: asked in order of symbol, SQLite
    # went through every issuance by its primary key instead (S100).
    issuances = tuple(
        sorted(map(issuance_view, store.query(ISSUANCES_SINCE, (position,))), key=attrgetter("symbol"))
    )
    abolitions: list[Row] = []
    citations: list[Row] = []
    symbols = [i.symbol for i in issuances]
    for start in range(0, len(symbols), _BATCH):
        batch = symbols[start : start + _BATCH]
        marks = ", ".join("?" for _ in batch)
        abolitions += store.query(
            f"SELECT {ABOLITION_COLUMNS} FROM rm_provision p JOIN rm_issuance i ON i.symbol = p.symbol "
            f"WHERE p.symbol IN ({marks}) AND p.kind = 'ABOLISHES' ORDER BY p.symbol, p.seq",
            batch,
        )
        citations += store.query(
            "SELECT recorded_at, symbol, seq, target, data FROM rm_provision "
            f"WHERE symbol IN ({marks}) AND kind IN ('ABOLISHES', 'CITES')",
            batch,
        )
    return RecordedSince(
        issuances,
        tuple(abolition_view(r) for r in abolitions if r[1] is not None),
        tuple((target, data) for *_, target, data in sorted(citations) if target is not None),
    )
