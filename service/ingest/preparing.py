"""A document prepared for recording: read, parsed, built into an Issuance, and encoded as the event store
stores it (``encode``, which a worker process runs as well: see ``workers``)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from events.issuance import Issuance
from service.application import EncodedIssuance, SgbApplication
from service.ingest.building import build_issuance
from service.ingest.manifest import DocumentRequest
from service.parsing import DocumentError, ParsedDocument, parse_document


@dataclass(frozen=True, slots=True)
class PreparedDocument:
    path: Path
    parsed: ParsedDocument
    issuance: Issuance


@dataclass(frozen=True, slots=True)
class EncodedDocument:
    path: Path
    issuance: EncodedIssuance


def prepare(request: DocumentRequest) -> PreparedDocument:
    try:
        raw = request.path.read_bytes()
    except OSError as error:
        raise DocumentError(str(request.path), f"cannot be read: {error.strerror}") from None
    parsed = parse_document(raw, str(request.path), request.hints)
    return PreparedDocument(request.path, parsed, build_issuance(parsed, hashlib.sha256(raw).hexdigest()))


def encode(request: DocumentRequest, app: SgbApplication) -> EncodedDocument:
    return EncodedDocument(request.path, app.encode(prepare(request).issuance))
