"""Stored read-model rows decoded into the views the read side returns."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import orjson

from events.values import PartialDate
from service.projections.store import Row
from service.projections.views import (
    AbolitionView,
    ChangeView,
    IssuanceView,
    ProvenanceView,
    UnitView,
    VersionFacts,
)

UNIT_COLUMNS = (
    "unit_id, name, aliases, kind, parent_id, head_post, head_reports_to, valid_from, valid_to, sources"
)
CHANGE_COLUMNS = "unit_id, effective_on, change, name, before_value, after_value, source"
ISSUANCE_COLUMNS = (
    "symbol, title, kind, issued_on, effective_on, department, language, source_sha256, recorded_at"
)


def provenance(data: dict[str, Any] | None) -> ProvenanceView | None:
    if not data:
        return None
    return ProvenanceView(
        data["symbol"],
        data["seq"],
        authority=data.get("authority"),
        stated_on=data.get("stated_on"),
        role=data.get("role"),
        corrections=tuple(data.get("corrections", ())),
    )


def _precision(facts: list[dict[str, Any]], valid_from: str) -> str:
    """MONTH or YEAR when the version starts on the first day of a date the text gives only so far."""
    for fact in facts:
        stated = fact.get("stated_on")
        if (
            fact.get("role", "unit") == "unit"
            and stated
            and PartialDate.parse(stated).earliest().isoformat() == valid_from
        ):
            return PartialDate.parse(stated).precision.value
    return "DAY"


def _functions(facts: list[dict[str, Any]]) -> tuple[str, ...]:
    return next((tuple(f.get("items", ())) for f in facts if f.get("role") == "functions"), ())


def unit_view(row: Row) -> UnitView:
    unit_id, name, aliases, kind, parent_id, head_post, reports_to, valid_from, valid_to, sources = row
    return UnitView(
        id=unit_id,
        name=name,
        aliases=tuple(orjson.loads(aliases)),
        kind=kind,
        parent_id=parent_id,
        head_post=head_post,
        head_reports_to=tuple(orjson.loads(reports_to)),
        valid_from=date.fromisoformat(valid_from),
        valid_to=date.fromisoformat(valid_to) if valid_to else None,
        facts=StoredFacts(sources, valid_from),
    )


class StoredFacts:
    """A version's facts as stored (its JSON), decoded when first asked for. An organisation answer asks for
    none of them for most units, and decoding them was two thirds of loading the state of a date."""

    __slots__ = ("_decoded", "_stored", "_valid_from")

    def __init__(self, stored: str | bytes, valid_from: str) -> None:
        self._stored = stored
        self._valid_from = valid_from
        self._decoded: VersionFacts | None = None

    def decoded(self) -> VersionFacts:
        """Decoded once; threads sharing a cached state may each decode them the first time, alike."""
        decoded = self._decoded
        if decoded is None:
            stored = orjson.loads(self._stored)
            facts = stored["facts"]
            decoded = self._decoded = VersionFacts(
                sources=tuple(p for p in map(provenance, facts) if p is not None),
                ended_by=provenance(stored["ended_by"]),
                functions=_functions(facts),
                valid_from_precision=_precision(facts, self._valid_from),
            )
        return decoded

    def __eq__(self, other: object) -> bool:
        if isinstance(other, StoredFacts | VersionFacts):
            return self.decoded() == other.decoded()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.decoded())


def change_view(row: Row) -> ChangeView:
    unit_id, effective_on, change, name, before, after, source = row
    return ChangeView(
        unit_id,
        date.fromisoformat(effective_on),
        change,
        name,
        before,
        after,
        provenance(orjson.loads(source)) if source else None,
    )


def issuance_view(row: Row) -> IssuanceView:
    symbol, title, kind, issued_on, effective_on, department, language, sha256, recorded_at = row
    return IssuanceView(
        symbol,
        title,
        kind,
        issued_on,
        date.fromisoformat(effective_on) if effective_on else None,
        True,
        department,
        language,
        sha256,
        recorded_at,
    )


def recorded_slice(
    known_at: str | None, start: str = "recorded_from", end: str = "recorded_to"
) -> tuple[str, tuple[Any, ...]]:
    """The condition (and its parameters) of the rows current at `known_at` (None: now)."""
    if known_at is None:
        return f"{end} IS NULL", ()
    return f"{start} <= ? AND ({end} IS NULL OR {end} > ?)", (known_at, known_at)


def day_number(day: date) -> int:
    """The order-preserving day number the interval index of current versions keys dates by (see
    migrations/sql/0004_current_version_spans.py, which computes it the same way in SQL)."""
    return day.year * 372 + day.month * 31 + day.day


def current_versions_on(backend: str, day: date) -> tuple[str, tuple[int, ...]]:
    """The query (and its parameters) of the current unit versions in force on `day`, by the interval
    index: its cost follows the units in force, not the length of history."""
    number = day_number(day)
    if backend == "postgresql":
        return (
            f"SELECT {UNIT_COLUMNS} FROM rm_unit_version WHERE recorded_to IS NULL "
            "AND sgb_validity(valid_from, valid_to) @> ?::int ORDER BY unit_id",
            (number,),
        )
    columns = ", ".join(f"v.{c.strip()}" for c in UNIT_COLUMNS.split(","))
    return (
        f"SELECT {columns} FROM rm_current_span s JOIN rm_unit_version v ON v.rowid = s.id "
        "WHERE s.first_day <= ? AND s.end_day > ? ORDER BY v.unit_id",
        (number, number),
    )


ABOLITION_COLUMNS = "p.symbol, p.target, p.seq, p.data, i.effective_on, i.kind"


def abolition_view(row: Row) -> AbolitionView:
    """From ``ABOLITION_COLUMNS``: an ABOLISHES provision (``p``) and the issuance making it (``i``)."""
    by_symbol, target_symbol, seq, data, effective_on, kind = row
    return AbolitionView(
        by_symbol,
        target_symbol,
        tuple(orjson.loads(data)["sections"]),
        date.fromisoformat(effective_on) if effective_on and kind != "report" else None,
        ProvenanceView(by_symbol, seq),
    )


def citations_by_target(citations: Iterable[Sequence[str]]) -> dict[str, tuple[str, list[str]]]:
    """(target, data) of citations, in recorded order, by upper-case target: its first spelling, and the
    data of each, for ``cited_view``."""
    grouped: dict[str, tuple[str, list[str]]] = {}
    for target, data in citations:
        grouped.setdefault(target.upper(), (target, []))[1].append(data)
    return grouped


def cited_view(symbol: str, citations: list[str]) -> IssuanceView:
    """A document known only because others cite it: the first title and date its citations give (their
    stored data, in recording order). Read until both are found: a document every bulletin's preamble
    cites has as many citations as there are bulletins."""
    title = cited_on = None
    for citation in citations:
        data = orjson.loads(citation)
        title = title or data.get("cited_title") or None
        cited_on = cited_on or data.get("cited_on") or None
        if title and cited_on:
            break
    return IssuanceView(symbol, title, kind_of_symbol(symbol), cited_on, None, recorded=False)


def kind_of_symbol(symbol: str) -> str:
    """What a symbol's series says about a document known only by reference."""
    if symbol.startswith("ST/SGB/"):
        return "bulletin"
    if symbol.startswith("A/RES/") or symbol.startswith("S/RES/"):
        return "resolution"
    return "other"
