"""The read side as the API sees it: the few blocking `ReadModel` methods it calls."""

from __future__ import annotations

from collections.abc import Collection
from contextlib import AbstractContextManager
from datetime import date
from typing import Protocol

from service.projections.audit import RecordedChangeView, RecordingView
from service.projections.views import (
    AbolitionView,
    ChangeView,
    IssuanceView,
    OrganizationState,
    PassageView,
    ProvisionView,
    RecordedSince,
    UnitView,
)


class ReadSide(Protocol):
    """The part of `service.projections.queries.ReadModel` the API uses (a test can pass a fake).

    Every method is blocking (it queries the store): call them from a worker thread, never on the event loop.
    """

    def position(self) -> int: ...

    def pinned_at(self, position: int) -> AbstractContextManager[None]: ...

    def organization(self, as_of: date, known_at: str | None = None) -> OrganizationState: ...

    def unit_known(self, unit_id: str) -> bool: ...

    def unit_history(self, unit_id: str, known_at: str | None = None) -> list[ChangeView]: ...

    def changes(self, after: date, until: date, known_at: str | None = None) -> list[ChangeView]: ...

    def issuance(self, symbol: str, known_at: str | None = None) -> IssuanceView | None: ...

    def issuances(self, known_at: str | None = None) -> list[IssuanceView]: ...

    def abolitions(
        self, *, by: str | None = None, target: str | None = None, known_at: str | None = None
    ) -> list[AbolitionView]: ...

    def all_issuances(self, known_at: str | None = None) -> list[IssuanceView]: ...

    def recorded_since(self, position: int) -> RecordedSince: ...

    def change_points(self, known_at: str | None = None) -> list[date]: ...

    def all_unit_versions(self, known_at: str | None = None) -> list[UnitView]: ...

    def provisions_for(
        self, symbols: list[str], known_at: str | None = None
    ) -> dict[str, list[ProvisionView]]: ...

    def passages(self, keys: Collection[tuple[str, int]]) -> dict[tuple[str, int], PassageView]: ...

    def recorded_changes(self, since: str | None = None) -> list[RecordedChangeView]: ...

    def recordings_after(self, position: int) -> list[RecordingView]: ...
