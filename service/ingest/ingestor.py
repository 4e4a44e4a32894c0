"""Recording a run of documents: every document is parsed and checked before anything is recorded, so
a run with one document that cannot be understood records nothing at all, and says which file and why.
Until then the encoded documents wait, the most of them on disk (``spool``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from service.application import ConflictingSourceError, RecordOutcome, SgbApplication
from service.ingest.corrections import CorrectionEntry, UnmatchedCorrectionError, read_corrections
from service.ingest.manifest import DocumentRequest
from service.ingest.spool import DocumentIdentity
from service.ingest.workers import DocumentPreparer
from service.parsing import DocumentError
from service.projections.projector import Projector


@dataclass(frozen=True, slots=True)
class IngestReport:
    outcomes: tuple[RecordOutcome, ...]
    corrections: tuple[RecordOutcome, ...] = ()
    unmatched: tuple[str, ...] = ()  # corrections that match no provision: not recorded, and why

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
        self.preparer = DocumentPreparer(app)

    def ingest(
        self, requests: list[DocumentRequest], on_progress: Callable[[Path], None] | None = None
    ) -> IngestReport:
        with self.preparer.encode_all(requests, on_progress) as prepared:
            self._refuse_conflicts(prepared.identities)
            files = {r.corrections: read_corrections(r.corrections) for r in requests if r.corrections}
            outcomes = tuple(self.app.record_encoded(p.issuance) for p in prepared)
        corrected, unmatched = self._correct([e for entries in files.values() for e in entries])
        self.projector.catch_up()
        return IngestReport(outcomes, corrected, unmatched)

    def correct(self, entries: list[CorrectionEntry]) -> IngestReport:
        """Record corrections (of issuances already recorded) and bring the read models up to date."""
        corrected, unmatched = self._correct(entries)
        self.projector.catch_up()
        return IngestReport((), corrected, unmatched)

    def _correct(self, entries: list[CorrectionEntry]) -> tuple[tuple[RecordOutcome, ...], tuple[str, ...]]:
        outcomes, unmatched = [], []
        for symbol in dict.fromkeys(e.symbol for e in entries):
            issuance = self.app.issuance(symbol)
            if issuance is None:
                unmatched.append(f"{symbol} is not recorded: its corrections wait for it")
                continue
            matched = []
            for entry in (e for e in entries if e.symbol == symbol):
                try:
                    entry(issuance)
                except UnmatchedCorrectionError as error:
                    unmatched.append(str(error))
                else:
                    matched.append(entry)
            outcomes.append(self.app.correct(symbol, matched))
        return tuple(outcomes), tuple(unmatched)

    def close(self) -> None:
        """Stop the worker processes, if a run started them."""
        self.preparer.close()

    def _refuse_conflicts(self, documents: list[DocumentIdentity]) -> None:
        """Refuse the run before recording anything if a symbol would get a second, different text."""
        seen: dict[str, DocumentIdentity] = {}
        for document in documents:
            symbol, sha256 = document.symbol, document.source_sha256
            earlier = seen.setdefault(symbol, document)
            if earlier.source_sha256 != sha256:
                raise DocumentError(
                    str(document.path), f"has the symbol {symbol} of {earlier.path}, with a different text"
                )
            recorded = self.app.recorded_sha256(symbol)
            if recorded is not None and recorded != sha256:
                raise ConflictingSourceError(symbol, recorded, sha256)
