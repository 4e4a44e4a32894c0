"""The root fields: the only resolvers that read the store, each in one worker-thread call.

They check their arguments, load what the whole answer needs (an organisation state, the catalogue of
issuances) off the event loop, and return objects whose nested fields work on that data alone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, TypeVar

import strawberry
from starlette.concurrency import run_in_threadpool

from service.api.catalog import Catalog
from service.api.changes import UnitChange, unit_change
from service.api.context import ApiContext
from service.api.enums import UnitKind
from service.api.errors import user_input_error
from service.api.fields import resolved_field
from service.api.organization import Organization
from service.api.read_side import ReadSide
from service.api.structure import select
from service.api.types import Issuance, Lens, OrgSnapshot, Unit
from service.projections.queries import known_at_bound
from service.projections.views import ChangeView, OrganizationState

Info = strawberry.Info[ApiContext, None]
T = TypeVar("T")

AS_OF = "The date to answer for (valid time)."
KnownAtArgument = Annotated[
    datetime | None,
    strawberry.argument(
        description="Answer with only what had been recorded at this instant (ISO-8601 with an offset, e.g. "
        "2026-11-24T17:00:00Z); omit it for everything recorded so far."
    ),
]


def _bound(as_known_at: datetime | None) -> str | None:
    try:
        return known_at_bound(as_known_at)
    except ValueError as error:
        raise user_input_error(str(error)) from None
    except OverflowError:  # e.g. 0001-01-01T00:00:00+14:00 is before the year 1 in UTC
        raise user_input_error(f"asKnownAt {as_known_at} is out of range once converted to UTC") from None


async def _load(info: Info, known_at: str | None, load: Callable[[], T]) -> tuple[Lens, T]:
    """Run `load` and fetch the catalogue, both in one worker thread; return a lens over the catalogue."""
    api = info.context

    def load_all() -> tuple[Catalog, T]:
        return api.catalogs.get(api.read_model, known_at), load()

    catalog, loaded = await run_in_threadpool(load_all)
    return Lens(catalog, api.english_names, known_at), loaded


def _unknown_unit(unit_id: str) -> Exception:
    return user_input_error(f"unknown unit id {unit_id!r}: no document ever mentions it")


def _check_organization_arguments(under: str | None, depth: int | None, read_model: ReadSide) -> None:
    if depth is not None and depth < 0:
        raise user_input_error(f"`depth` must be 0 or more (got {depth})")
    if under is not None and not read_model.unit_known(under):
        raise _unknown_unit(under)


@strawberry.type
class CoreQuery:
    @resolved_field(
        "The whole Secretariat as of a date; `under`, `kind` and `depth` narrow `units`, `rows` and `roots`."
    )
    async def organization(
        self,
        info: Info,
        as_of: Annotated[date, strawberry.argument(description=AS_OF)],
        as_known_at: KnownAtArgument = None,
        under: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this unit and the units under it.")
        ] = None,
        kind: Annotated[
            list[UnitKind] | None, strawberry.argument(description="Only units of these kinds.")
        ] = None,
        depth: Annotated[
            int | None, strawberry.argument(description="Only this many levels below the top (0: the top).")
        ] = None,
    ) -> Organization:
        known_at = _bound(as_known_at)
        read_model = info.context.read_model

        def load_state() -> OrganizationState:
            _check_organization_arguments(under, depth, read_model)
            return read_model.organization(as_of, known_at)

        lens, state = await _load(info, known_at, load_state)
        snapshot = OrgSnapshot(state, lens)
        kinds = frozenset(k.value for k in kind) if kind else None
        selection = select(state, under, kinds, depth)
        top = snapshot.unit_by_id(under) if under is not None else None
        tops = None if under is None else [top] if top is not None else []
        return Organization.from_snapshot(snapshot, selection, tops)

    @resolved_field(
        "One unit as of a date; null when it is not in force then. An id no document mentions is an error."
    )
    async def unit(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The unit's stable id.")],
        as_of: Annotated[date, strawberry.argument(description=AS_OF)],
        as_known_at: KnownAtArgument = None,
    ) -> Unit | None:
        known_at = _bound(as_known_at)
        read_model = info.context.read_model

        def load_state() -> OrganizationState | None:
            state = read_model.organization(as_of, known_at)  # most units asked for are in force
            return state if id in state.by_id or read_model.unit_known(id) else None

        lens, state = await _load(info, known_at, load_state)
        if state is None:
            raise _unknown_unit(id)
        return OrgSnapshot(state, lens).unit_by_id(id)

    @resolved_field("A document by its symbol (recorded, or known because others cite it); null if unknown.")
    async def issuance(
        self,
        info: Info,
        symbol: Annotated[str, strawberry.argument(description='Its symbol, e.g. "ST/SGB/2019/2".')],
        as_known_at: KnownAtArgument = None,
    ) -> Issuance | None:
        known_at = _bound(as_known_at)
        lens, view = await _load(info, known_at, lambda: info.context.read_model.issuance(symbol, known_at))
        return lens.issuance(lens.catalog.issuances.get(view.symbol, view)) if view is not None else None

    @resolved_field("Every change to one unit, by date. An id that no document mentions is an error.")
    async def unit_history(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The unit's stable id.")],
        as_known_at: KnownAtArgument = None,
    ) -> list[UnitChange]:
        known_at = _bound(as_known_at)
        read_model = info.context.read_model

        def load_history() -> list[ChangeView] | None:
            return read_model.unit_history(id, known_at) if read_model.unit_known(id) else None

        lens, history = await _load(info, known_at, load_history)
        if history is None:
            raise _unknown_unit(id)
        return [unit_change(lens, change) for change in history]

    @resolved_field("What changed in the window (from, to]: after `from`, up to and including `to`.")
    async def changes(
        self,
        info: Info,
        from_: Annotated[date, strawberry.argument(name="from", description="The window starts after it.")],
        to: Annotated[date, strawberry.argument(description="The window ends on this day (included).")],
        as_known_at: KnownAtArgument = None,
    ) -> list[UnitChange]:
        if from_ > to:
            raise user_input_error(f"`from` ({from_.isoformat()}) is after `to` ({to.isoformat()})")
        known_at = _bound(as_known_at)
        read_model = info.context.read_model
        lens, found = await _load(info, known_at, lambda: read_model.changes(from_, to, known_at))
        return [unit_change(lens, change) for change in found]
