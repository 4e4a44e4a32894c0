"""The schema's enums list what the read side produces (they are spelled out for static typing, so a test
keeps them from drifting: a kind missing here would reach clients as OTHER)."""

from __future__ import annotations

from events.values import UnitKind as StoredUnitKind
from service.api.enums import ChangeKind, UnitKind
from service.projections.changes import ChangeKind as ProjectedChangeKind


def test_every_projected_change_kind_is_in_the_schema() -> None:
    assert {k.value for k in ProjectedChangeKind} | {"OTHER"} == {k.value for k in ChangeKind}


def test_every_stored_unit_kind_is_in_the_schema() -> None:
    assert {k.value for k in StoredUnitKind} <= {k.value for k in UnitKind}
