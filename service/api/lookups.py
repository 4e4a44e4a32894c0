"""Root fields that search the record: units by name, documents, change points, pages of changes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import partial
from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from service.api.changes import UnitChange, unit_change
from service.api.connections import AfterArgument, Connection, FirstArgument, paginate
from service.api.enums import ChangeKind, change_kind
from service.api.errors import user_input_error
from service.api.fields import resolved_field
from service.api.names import NameEntry
from service.api.resolvers import AS_OF, Info, KnownAtArgument, _bound, _load
from service.api.timeline import timeline
from service.api.types import Issuance, OrgSnapshot, Unit
from service.projections.views import ChangeView, UnitView

FromArgument = Annotated[
    date | None, strawberry.argument(name="from", description="From this day (included); omit: no bound.")
]
ToArgument = Annotated[
    date | None, strawberry.argument(description="Up to this day (included); omit: no bound.")
]


def _matches(view: UnitView, needle: str, names: Mapping[str, NameEntry]) -> bool:
    english = names.get(view.name)
    haystack = (view.name, *view.aliases, english.text if english else "")
    return any(needle in text.casefold() for text in haystack)


def _latest_matching(versions: list[UnitView], needle: str, names: Mapping[str, NameEntry]) -> list[UnitView]:
    """Per unit, its latest version whose names match (versions come ordered by unit, then valid time)."""
    latest: dict[str, UnitView] = {}
    for view in versions:
        if _matches(view, needle, names):
            latest[view.id] = view
    return list(latest.values())


@strawberry.type
class LookupQuery:
    @resolved_field(
        "Units whose Chinese name, alias or English name contains `search` (any case). With `asOf`: units in "
        "force that day. Without: every unit ever, each as its latest matching version (as of its validFrom)."
    )
    async def units(
        self,
        info: Info,
        search: Annotated[str | None, strawberry.argument(description="Part of a name; omit: all.")] = None,
        as_of: Annotated[date | None, strawberry.argument(description=AS_OF)] = None,
        as_known_at: KnownAtArgument = None,
        first: FirstArgument = None,
        after: AfterArgument = None,
    ) -> Connection[Unit]:
        known_at = _bound(as_known_at)
        read_model, names = info.context.read_model, info.context.english_names
        needle = (search or "").strip().casefold()

        def load() -> list[tuple[UnitView, date]]:
            if as_of is not None:
                found = read_model.organization(as_of, known_at).units
                return [(v, as_of) for v in found if _matches(v, needle, names)]
            versions = _latest_matching(read_model.all_unit_versions(known_at), needle, names)
            return [(v, v.valid_from) for v in versions]

        lens, matched = await _load(info, known_at, load)
        days = sorted({day for _, day in matched})
        states = await _load(info, known_at, lambda: {d: read_model.organization(d, known_at) for d in days})
        snapshots = {day: OrgSnapshot(state, lens) for day, state in states[1].items()}
        ordered = sorted(matched, key=lambda m: m[0].id)
        return paginate(ordered, first, after, lambda m: snapshots[m[1]].unit(m[0]))

    @resolved_field(
        "Documents known (recorded ones by symbol, then those known only by citation), a page at a time."
    )
    async def issuances(
        self,
        info: Info,
        kind: Annotated[str | None, strawberry.argument(description="bulletin | report | ...")] = None,
        in_force_on: Annotated[
            date | None, strawberry.argument(description="Only those in force (wholly or partly) that day.")
        ] = None,
        as_known_at: KnownAtArgument = None,
        first: FirstArgument = None,
        after: AfterArgument = None,
    ) -> Connection[Issuance]:
        lens, _ = await _load(info, _bound(as_known_at), lambda: None)
        catalog = lens.catalog
        found = catalog.in_force(in_force_on) if in_force_on else list(catalog.issuances.values())
        chosen = [i for i in found if kind is None or i.kind.casefold() == kind.casefold()]
        return paginate(chosen, first, after, lens.issuance)

    @resolved_field(
        "Unit lifetimes and documents in vis-timeline's format ({items, groups}; as GET /feeds/timeline)."
    )
    async def timeline(self, info: Info, as_known_at: KnownAtArgument = None) -> JSON:
        known_at = _bound(as_known_at)
        lens, versions = await _load(
            info, known_at, lambda: info.context.read_model.all_unit_versions(known_at)
        )
        return JSON(timeline(versions, lens.catalog, date.today()))

    @resolved_field("The days on which the organisation changes (a unit version starts or ends), in order.")
    async def change_points(
        self,
        info: Info,
        from_: FromArgument = None,
        to: ToArgument = None,
        as_known_at: KnownAtArgument = None,
    ) -> list[date]:
        known_at = _bound(as_known_at)
        _, points = await _load(info, known_at, lambda: info.context.read_model.change_points(known_at))
        return [p for p in points if (from_ is None or p >= from_) and (to is None or p <= to)]

    @resolved_field("What changed in (from, to], a page at a time; `kind` keeps only changes of these kinds.")
    async def changes_connection(
        self,
        info: Info,
        from_: Annotated[date, strawberry.argument(name="from", description="The window starts after it.")],
        to: Annotated[date, strawberry.argument(description="The window ends on this day (included).")],
        as_known_at: KnownAtArgument = None,
        kind: Annotated[list[ChangeKind] | None, strawberry.argument(description="Only these.")] = None,
        first: FirstArgument = None,
        after: AfterArgument = None,
    ) -> Connection[UnitChange]:
        if from_ > to:
            raise _window_error(from_, to)
        known_at = _bound(as_known_at)
        lens, found = await _load(
            info, known_at, lambda: info.context.read_model.changes(from_, to, known_at)
        )
        kinds = {k.value for k in kind} if kind else None
        chosen: list[ChangeView] = [c for c in found if kinds is None or change_kind(c.change).value in kinds]
        return paginate(chosen, first, after, partial(unit_change, lens))


def _window_error(from_: date, to: date) -> Exception:
    return user_input_error(f"`from` ({from_.isoformat()}) is after `to` ({to.isoformat()})")
