"""What the projector needs to know of an issuance stream's events, kept next to the events' row builders.

A stream is projected in batches (one atomic save each). The first batch starts with ``Recorded``; later
batches (corrections) do not, and name their issuance themselves. A correction can move provisions from
one unit to another, so it affects both.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from events.issuance import Issuance, normalise_symbol


def symbol_of(batch: Sequence[tuple[int, Issuance.Event]]) -> str:
    """The symbol of the issuance whose events a batch holds."""
    for _, event in batch:
        if isinstance(event, Issuance.Recorded | Issuance.Corrected):
            return normalise_symbol(event.symbol)
    raise LookupError(
        f"no Recorded or Corrected event in the batch of issuance stream {batch[0][1].originator_id}"
    )


def affected_unit_ids(event: Any) -> set[str]:
    """The units whose versions an event can change."""
    ids: tuple[Any, ...] = getattr(event, "unit_ids", None) or (getattr(event, "unit_id", None),)
    return {unit for unit in ids if isinstance(unit, str)}


def projector_projects_corrections() -> bool:
    """True once the projector takes stream facts from here (see the patch in the report of
    "Extraction in depth"); until then corrections are not recorded, so that nothing stays unprojected."""
    from service.projections import projector

    return getattr(projector, "symbol_of", None) is symbol_of
