"""What every resolver can reach: the read side, the English name table and the shared catalogue cache."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from service.api.catalog import CatalogCache
from service.api.read_side import ReadSide


@dataclass(frozen=True)
class ApiContext:
    """`info.context` of every GraphQL operation.

    `english_names` maps a Chinese unit name to its English name; `Unit.name(lang: EN)` looks names up there
    (empty until a name table exists, so EN answers null).
    """

    read_model: ReadSide
    english_names: Mapping[str, str] = field(default_factory=dict)
    catalogs: CatalogCache = field(default_factory=CatalogCache)
