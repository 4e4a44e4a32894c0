"""The naive-replay baseline: on each request, read every event from the store and fold them in Python
into the organisation as of a date (the same answer as `organization(asOf) { units { id name kind parent
{ id } } }`, and the same validity rule: a definition applies from its issuance's entry into force until
an abolition of its issuance or its section; the latest start wins)."""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson

from events.issuance import Issuance, normalise_symbol
from service.application import SgbApplication

PAGE = 5000


def read_all(app: SgbApplication) -> list[Issuance.Event]:
    events: list[Issuance.Event] = []
    position = 0
    while True:
        page = app.events_after(position, PAGE)
        events.extend(event for _, event in page)
        if len(page) < PAGE:
            return events
        position = page[-1][0]


def fold(events: list[Issuance.Event], as_of: date) -> list[dict[str, Any]]:
    """Units in force on ``as_of``, sorted by id, as the API answers them."""
    effective: dict[Any, date | None] = {}
    symbol_of: dict[Any, str] = {}
    kind_of: dict[Any, str] = {}
    abolitions: dict[str, list[tuple[date, tuple[str, ...]]]] = {}
    definitions: list[tuple[Any, int, Any]] = []  # (stream, order, event)
    for order, event in enumerate(events):
        stream = event.originator_id
        if isinstance(event, Issuance.Recorded):
            effective[stream] = event.effective_on
            symbol_of[stream] = normalise_symbol(event.symbol)
            kind_of[stream] = event.kind.value
        elif isinstance(event, Issuance.IssuanceAbolished):
            by = effective.get(stream)
            if by is not None and kind_of.get(stream) != "report":
                abolitions.setdefault(normalise_symbol(event.target), []).append((by, tuple(event.sections)))
        elif isinstance(event, Issuance.UnitDefined):
            definitions.append((stream, order, event))
    winners: dict[str, tuple[tuple[date, int], Any]] = {}
    for stream, order, event in definitions:
        start = effective.get(stream)
        if start is None or kind_of.get(stream) == "report" or start > as_of:
            continue
        section = event.location.section if event.location else None
        ends = [
            day
            for day, sections in abolitions.get(symbol_of[stream], ())
            if not sections or (section is not None and section in sections)
        ]
        if ends and min(ends) <= as_of:
            continue
        rank = (start, order)
        current = winners.get(event.unit_id)
        if current is None or rank > current[0]:
            winners[event.unit_id] = (rank, event)
    in_force = set(winners)
    units = []
    for unit_id in sorted(winners):
        event = winners[unit_id][1]
        parent = event.parent_id if event.parent_id in in_force else None
        units.append(
            {
                "id": unit_id,
                "name": event.name,
                "kind": event.unit_kind.value,
                "parent": {"id": parent} if parent else None,
            }
        )
    return units


def answer(app: SgbApplication, as_of: date) -> bytes:
    """One naive request: read everything, fold, encode."""
    units = fold(read_all(app), as_of)
    return orjson.dumps({"data": {"organization": {"units": units}}})
