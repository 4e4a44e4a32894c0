"""What the `recordDocument` mutation hands to the recorder that bootstrap injects (the `sgb ingest` path)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class DocumentSubmission:
    """A document's text and the metadata given with it (None: read it from the text)."""

    text: str
    symbol: str | None = None
    kind: str | None = None
    title: str | None = None
    issued_on: str | None = None
    effective_on: date | None = None


@dataclass(frozen=True, slots=True)
class RecordingOutcome:
    symbol: str
    recorded: bool  # False: the same text was already recorded
    events: int
    position: int


class RecordRefusedError(Exception):
    """The document cannot be understood, or conflicts with what is recorded; the message says why."""


Recorder = Callable[[DocumentSubmission], RecordingOutcome]
