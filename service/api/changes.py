"""`UnitChange`: one change to one unit, as the read side derives it from consecutive versions."""

from __future__ import annotations

from datetime import date

import strawberry

from service.api.enums import ChangeKind, change_kind
from service.api.types import Lens, Provenance
from service.projections.views import ChangeView


@strawberry.type(description="One change to one unit, on the day it takes effect.")
class UnitChange:
    effective_on: date = strawberry.field(description="The day the change takes effect.")
    change: str = strawberry.field(
        description="ESTABLISHED | ABOLISHED | RENAMED | MOVED | HEAD_CHANGED | FUNCTIONS_CHANGED | ..."
    )
    kind: ChangeKind = strawberry.field(description="`change` as an enumeration (OTHER: not listed yet).")
    unit_id: strawberry.ID = strawberry.field(description="The unit changed.")
    name: str | None = strawberry.field(description="The unit's name after the change.")
    before: str | None = strawberry.field(description="The changed value before, if any.")
    after: str | None = strawberry.field(description="The changed value after, if any.")
    source: Provenance | None = strawberry.field(description="The provision making the change.")


def unit_change(lens: Lens, view: ChangeView) -> UnitChange:
    return UnitChange(
        effective_on=view.effective_on,
        change=view.change,
        kind=change_kind(view.change),
        unit_id=strawberry.ID(view.unit_id),
        name=view.name,
        before=view.before,
        after=view.after,
        source=lens.provenance(view.source),
    )
