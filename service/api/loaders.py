"""Per-request DataLoaders: nested fields that need the store ask for many keys in one query."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.concurrency import run_in_threadpool
from strawberry.dataloader import DataLoader

from service.api.read_side import ReadSide
from service.projections.views import PassageView, ProvisionView

ProvisionKey = tuple[str, str | None]  # (symbol, recorded-time bound)
PassageKey = tuple[str, int]  # (symbol, seq)


class Loaders:
    """The DataLoaders of one request (their caches must not outlive it)."""

    def __init__(self, read_model: ReadSide) -> None:
        self.read_model = read_model
        self.provisions: DataLoader[ProvisionKey, list[ProvisionView]] = DataLoader(
            load_fn=self._load_provisions
        )
        self.passages: DataLoader[PassageKey, PassageView | None] = DataLoader(load_fn=self._load_passages)

    async def _load_provisions(self, keys: Sequence[ProvisionKey]) -> list[list[ProvisionView]]:
        """One query per recorded-time bound (in practice one per request) for every symbol asked."""
        by_bound: dict[str | None, list[str]] = {}
        for symbol, known_at in keys:
            by_bound.setdefault(known_at, []).append(symbol)

        def load() -> dict[ProvisionKey, list[ProvisionView]]:
            found: dict[ProvisionKey, list[ProvisionView]] = {}
            for known_at, symbols in by_bound.items():
                for symbol, provisions in self.read_model.provisions_for(symbols, known_at).items():
                    found[(symbol, known_at)] = provisions
            return found

        loaded = await run_in_threadpool(load)
        return [loaded.get(key, []) for key in keys]

    async def _load_passages(self, keys: Sequence[PassageKey]) -> list[PassageView | None]:
        """Every passage the sources of one answer refer to, in one query per 250."""
        loaded = await run_in_threadpool(self.read_model.passages, keys)
        return [loaded.get(key) for key in keys]
