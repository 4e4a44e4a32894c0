"""Recording a run of documents: every document is parsed and checked before anything is recorded, so
a run with one document that cannot be understood records nothing at all, and says which file and why."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from events.issuance import Issuance
from service.application import ConflictingSourceError, RecordOutcome, SgbApplication
from service.ingest.building import build_issuance
from service.ingest.manifest import DocumentRequest
from service.parsing import DocumentError, ParsedDocument, parse_document
from service.projections.projector import Projector


@dataclass(frozen=True, slots=True)
class PreparedDocument:
    path: Path
    parsed: ParsedDocument
    issuance: Issuance


def prepare(request: DocumentRequest) -> PreparedDocument:
    try:
        raw = request.path.read_bytes()
    except OSError as error:
        raise DocumentError(str(request.path), f"cannot be read: {error.strerror}") from None
    parsed = parse_document(raw, str(request.path), request.hints)
    return PreparedDocument(request.path, parsed, build_issuance(parsed, hashlib.sha256(raw).hexdigest()))


@dataclass(frozen=True, slots=True)
class IngestReport:
    outcomes: tuple[RecordOutcome, ...]

    @property
    def recorded(self) -> int:
        return sum(1 for o in self.outcomes if o.recorded)

    @property
    def events(self) -> int:
        return sum(o.event_count for o in self.outcomes)


class Ingestor:
    def __init__(self, app: SgbApplication, projector: Projector) -> None:
        self.app = app
        self.projector = projector

    def ingest(
        self, requests: list[DocumentRequest], on_progress: Callable[[Path], None] | None = None
    ) -> IngestReport:
        prepared = []
        for request in requests:
            prepared.append(prepare(request))
            if on_progress:
                on_progress(request.path)
        self._refuse_conflicts(prepared)
        outcomes = tuple(self.app.record(p.issuance) for p in prepared)
        self.projector.catch_up()
        return IngestReport(outcomes)

    def _refuse_conflicts(self, prepared: list[PreparedDocument]) -> None:
        """Refuse the run before recording anything if a symbol would get a second, different text."""
        seen: dict[str, PreparedDocument] = {}
        for document in prepared:
            symbol, sha256 = document.issuance.symbol, document.issuance.source_sha256
            earlier = seen.setdefault(symbol, document)
            if earlier.issuance.source_sha256 != sha256:
                raise DocumentError(
                    str(document.path), f"has the symbol {symbol} of {earlier.path}, with a different text"
                )
            recorded = self.app.recorded_sha256(symbol)
            if recorded is not None and recorded != sha256:
                raise ConflictingSourceError(symbol, recorded, sha256)
