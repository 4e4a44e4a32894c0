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


def starts_a_save(previous: Issuance.Event | None, event: Issuance.Event) -> bool:
    """Whether an event begins another atomic save than the one before it. Notifications carry no
    transaction ids, so the events say it: a document's save begins with ``Recorded``; the corrections
    saved together share one ``recording`` id."""
    if previous is None or previous.originator_id != event.originator_id:
        return True
    if isinstance(event, Issuance.Recorded):
        return True
    if isinstance(event, Issuance.Corrected):
        return not (isinstance(previous, Issuance.Corrected) and previous.recording == event.recording)
    return isinstance(previous, Issuance.Corrected)


def affected_unit_ids(event: Any) -> set[str]:
    """The units whose versions an event can change."""
    ids: Sequence[Any] = getattr(event, "unit_ids", None) or (getattr(event, "unit_id", None),)
    return {unit for unit in ids if isinstance(unit, str)}
