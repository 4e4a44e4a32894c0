"""Which documents to record, with the metadata their texts lack: files, directories, manifests, flags."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from events.values import PartialDate
from service.ingest.corrections import corrections_file
from service.parsing import DocumentError, Hints

MANIFEST_NAME = "manifest.toml"
_HINT_FIELDS = ("symbol", "kind", "title", "issued_on", "effective_on")


@dataclass(frozen=True, slots=True)
class DocumentRequest:
    path: Path
    hints: Hints
    corrections: Path | None = None  # the document's corrections file, recorded after the document


def read_manifest(directory: Path) -> list[DocumentRequest]:
    """The documents a directory's manifest.toml lists, with the metadata it supplies."""
    manifest = directory / MANIFEST_NAME
    try:
        entries = tomllib.loads(manifest.read_text(encoding="utf-8")).get("document", [])
    except FileNotFoundError:
        raise DocumentError(str(directory), f"is a directory without a {MANIFEST_NAME}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise DocumentError(str(manifest), f"is not valid TOML: {error}") from None
    return [_manifest_entry(manifest, directory, number, entry) for number, entry in enumerate(entries, 1)]


def _manifest_entry(manifest: Path, directory: Path, number: int, entry: dict[str, Any]) -> DocumentRequest:
    where = f"{manifest} (document {number})"
    if "file" not in entry:
        raise DocumentError(where, "has no 'file'")
    unknown = set(entry) - {"file", "corrections", *_HINT_FIELDS}
    if unknown:
        raise DocumentError(where, f"has unknown keys: {', '.join(sorted(unknown))}")
    try:
        effective = date.fromisoformat(entry["effective_on"]) if "effective_on" in entry else None
        issued = PartialDate.parse(entry["issued_on"]).isoformat() if "issued_on" in entry else None
    except ValueError as error:
        raise DocumentError(where, f"has a bad date: {error}") from None
    hints = Hints(
        symbol=entry.get("symbol"),
        kind=entry.get("kind"),
        title=entry.get("title"),
        issued_on=issued,
        effective_on=effective,
    )
    corrections = corrections_file(directory, hints.symbol, entry.get("corrections"))
    return DocumentRequest(directory / entry["file"], hints, corrections)


def expand(
    paths: Iterable[Path], overrides: Hints, base: DocumentRequest | None = None
) -> list[DocumentRequest]:
    """Files as they are (or as ``base`` describes them), directories through their manifest; flags
    override what manifests say."""
    requests: list[DocumentRequest] = []
    for path in paths:
        if base is not None and path == base.path:
            requests.append(base)
        elif path.is_dir():
            requests.extend(read_manifest(path))
        elif path.exists():
            requests.append(DocumentRequest(path, Hints()))
        else:
            raise DocumentError(str(path), "does not exist")
    if overrides.symbol is not None and len(requests) > 1:
        raise DocumentError(
            ", ".join(str(r.path) for r in requests), "--symbol names one document, not several"
        )
    return [DocumentRequest(r.path, _override(r.hints, overrides), r.corrections) for r in requests]


def _override(hints: Hints, overrides: Hints) -> Hints:
    changes = {f: getattr(overrides, f) for f in _HINT_FIELDS if getattr(overrides, f) is not None}
    return replace(hints, **changes)
