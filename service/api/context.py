"""What every resolver can reach: the read side, the English names, the catalogue cache, per-request loaders,
and (for the mutation) the recorder and the operator's bearer token."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from starlette.requests import HTTPConnection

from service.api.catalog import CatalogCache
from service.api.loaders import Loaders
from service.api.names import NameEntry
from service.api.read_side import ReadSide
from service.api.recording import Recorder


@dataclass(frozen=True)
class ApiContext:
    """`info.context` of every GraphQL operation (a fresh copy per request: see `for_request`).

    `english_names` maps a Chinese unit name to its English name; `Unit.name(lang: EN)` looks names up there.
    `recorder` records a document as `sgb ingest` does; `api_token` is the bearer token the mutation needs
    (None: the operator configured none, so the mutation is refused).
    """

    read_model: ReadSide
    english_names: Mapping[str, NameEntry] = field(default_factory=dict)
    catalogs: CatalogCache = field(default_factory=CatalogCache)
    recorder: Recorder | None = None
    api_token: str | None = None
    connection: HTTPConnection | None = None
    loaders: Loaders | None = None

    def for_request(self, connection: HTTPConnection | None) -> ApiContext:
        """This context for one request: its connection (for the bearer token) and fresh DataLoaders."""
        return ApiContext(
            self.read_model,
            self.english_names,
            self.catalogs,
            self.recorder,
            self.api_token,
            connection,
            Loaders(self.read_model),
        )
