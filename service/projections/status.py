"""An issuance's status on a date: one rule, used by every reader."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from service.projections.views import AbolitionView, IssuanceView, Status


def issuance_status(issuance: IssuanceView, abolitions_against: Iterable[AbolitionView], as_of: date) -> str:
    """A proposal is never in force; an abolition counts from its own entry into force; an issuance known only
    by reference, or recorded without a date of entry into force, is UNKNOWN until something abolishes it."""
    if issuance.kind == "report":
        return Status.PROPOSAL
    effective = [a for a in abolitions_against if a.effective_on is not None and a.effective_on <= as_of]
    if any(not a.sections for a in effective):
        return Status.ABOLISHED
    if issuance.effective_on is not None and as_of < issuance.effective_on:
        return Status.NOT_YET_IN_FORCE
    if effective:
        return Status.PARTIALLY_ABOLISHED
    if issuance.effective_on is None:
        return Status.UNKNOWN
    return Status.IN_FORCE
