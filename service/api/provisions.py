"""Provisions exposed generically (kind, place, quoted text, unit, target, data as JSON), so that provision
kinds the parser learns later appear without changing the schema."""

from __future__ import annotations

import json
from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from service.projections.views import ProvisionView


@strawberry.type(description="One provision of a document: what it states, where, in which words.")
class Provision:
    seq: int = strawberry.field(description="Its place in the document's order of provisions.")
    kind: str = strawberry.field(
        description="UNIT_DEFINED | HEAD_DEFINED | ABOLISHES | CITES | ENTRY_INTO_FORCE | FUNCTIONS | ... "
        "(new kinds appear as the parser learns them)."
    )
    section: str | None = strawberry.field(description='The section, e.g. "3".')
    paragraph: str | None = strawberry.field(description='The paragraph, e.g. "3.2".')
    text: str = strawberry.field(description="The words of the document.")
    unit_id: strawberry.ID | None = strawberry.field(description="The unit it is about, if any.")
    target: str | None = strawberry.field(description="The document it is about (abolishes, cites), if any.")
    data: JSON = strawberry.field(description="What it states, as structured data (depends on `kind`).")

    @classmethod
    def from_view(cls, view: ProvisionView) -> Provision:
        return cls(
            seq=view.seq,
            kind=view.kind,
            section=view.section,
            paragraph=view.paragraph,
            text=view.text,
            unit_id=strawberry.ID(view.unit_id) if view.unit_id is not None else None,
            target=view.target,
            data=json.loads(view.data),
        )


@strawberry.type(description="One event recorded for a document: its recording, or one of its provisions.")
class IssuanceEvent:
    type: str = strawberry.field(description="RECORDED, or the kind of provision the event states.")
    seq: int | None = strawberry.field(description="The provision's place (null for RECORDED).")
    recorded_at: datetime | None = strawberry.field(description="When the store recorded it.")


def recorded_instant(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
