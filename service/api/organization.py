"""`Organization`: the Secretariat (or the part `under:`/`kind:`/`depth:` select) as of a date."""

from __future__ import annotations

from datetime import date

import strawberry

from service.api.connections import AfterArgument, Connection, FirstArgument, paginate
from service.api.fields import resolved_field
from service.api.structure import Placed, Row, rows
from service.api.types import Issuance, OrgSnapshot, Unit


@strawberry.type(description="One unit as a flat row, for D3 `stratify` and org-chart libraries.")
class OrgRow:
    id: strawberry.ID
    parent_id: strawberry.ID | None = strawberry.field(
        description="Its parent's id; null for top rows (no parent, or the parent is not selected)."
    )
    name: str = strawberry.field(description="Its Chinese name.")
    name_en: str | None = strawberry.field(description="Its English name, where known.")
    kind: str = strawberry.field(description="DEPARTMENT, OFFICE, DIVISION, ...")
    head: str | None = strawberry.field(description="The post heading it.")
    reports_to: list[str] = strawberry.field(description="The posts its head reports to.")
    depth: int = strawberry.field(description="Its depth below the top of the selection (0: a top row).")
    valid_from: date
    valid_to: date | None

    @classmethod
    def from_row(cls, row: Row) -> OrgRow:
        return cls(
            id=strawberry.ID(row.id),
            parent_id=strawberry.ID(row.parent_id) if row.parent_id else None,
            name=row.name,
            name_en=row.name_en,
            kind=row.kind,
            head=row.head,
            reports_to=list(row.reports_to),
            depth=row.depth,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
        )


@strawberry.type(
    description="The whole Secretariat as of a date (or the part `under`/`kind`/`depth` select)."
)
class Organization:
    as_of: date = strawberry.field(description="The date asked about.")
    valid_from: date | None = strawberry.field(
        description="The last change point on or before `asOf`: the answer holds from this day (null: none)."
    )
    valid_to: date | None = strawberry.field(
        description="The next change point after `asOf`: the answer holds until the day before (null: none)."
    )
    snapshot: strawberry.Private[OrgSnapshot]
    selection: strawberry.Private[list[Placed]]
    tops: strawberry.Private[list[Unit]]

    @classmethod
    def from_snapshot(
        cls, snapshot: OrgSnapshot, selection: list[Placed], tops: list[Unit] | None = None
    ) -> Organization:
        state = snapshot.state
        return cls(
            as_of=state.as_of,
            valid_from=state.valid_from,
            valid_to=state.valid_to,
            snapshot=snapshot,
            selection=selection,
            tops=tops if tops is not None else snapshot.units(state.roots),
        )

    @resolved_field(
        "Every unit selected (all in force, unless `under`/`kind`/`depth` narrow it), tree order."
    )
    def units(self) -> list[Unit]:
        return [self.snapshot.unit(p.view) for p in self.selection]

    @resolved_field("The units selected, a page at a time.")
    def units_connection(self, first: FirstArgument = None, after: AfterArgument = None) -> Connection[Unit]:
        return paginate(self.selection, first, after, lambda p: self.snapshot.unit(p.view))

    @resolved_field("The top-level units (those with no parent in force), or the `under` unit.")
    def roots(self) -> list[Unit]:
        return self.tops

    @resolved_field("One unit by id; null when it is not in force on `asOf`.")
    def unit(self, id: strawberry.ID) -> Unit | None:
        return self.snapshot.unit_by_id(id)

    @resolved_field("The units selected as flat rows {id, parentId, name, kind, head, ...} (D3 stratify).")
    def rows(self) -> list[OrgRow]:
        return [OrgRow.from_row(r) for r in rows(self.selection, self.snapshot.lens.english_names)]

    @resolved_field("The documents in force (wholly or in part) on `asOf`.")
    def in_force(self) -> list[Issuance]:
        lens = self.snapshot.lens
        return [lens.issuance(i) for i in lens.catalog.in_force(self.as_of)]
