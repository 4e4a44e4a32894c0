"""The documents of a run, encoded and waiting to be recorded: the first ones in memory, the rest in a
temporary file.

A run records nothing until every document in it is understood (``ingestor``), so every document waits,
encoded, until the last one is. Held as objects, the 30,800 documents of an S100 run (4.4 million events)
took 6.5 GB; past ``IN_MEMORY`` documents they wait on disk (pickled, 75 KB a document: 530 bytes an
event), and come back one at a time as they are recorded. A run that fits (the benchmark's chunks of 250,
the bundled corpus) never writes the file.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from service.ingest.preparing import EncodedDocument

IN_MEMORY = 1000  # documents: 150-200 MB of encoded events, at the synthetic corpora's ~145 a document


@dataclass(frozen=True, slots=True)
class DocumentIdentity:
    """What refusing a run with conflicting texts needs of a document, held for every document of it."""

    path: Path
    symbol: str
    source_sha256: str


class EncodedRun:
    """The encoded documents of a run, in order; iterable any number of times until closed (which removes
    the file)."""

    def __init__(self, in_memory: int | None = None) -> None:
        self.in_memory = IN_MEMORY if in_memory is None else in_memory
        self.identities: list[DocumentIdentity] = []
        self._held: list[EncodedDocument] = []
        self._file: IO[bytes] | None = None
        self._closed = False

    def append(self, document: EncodedDocument) -> None:
        self._check_open()
        issuance = document.issuance
        self.identities.append(DocumentIdentity(document.path, issuance.symbol, issuance.source_sha256))
        if len(self._held) < self.in_memory:
            self._held.append(document)
            return
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="sgb-run-")  # noqa: SIM115 - open until close()
        self._file.seek(0, os.SEEK_END)  # after the last one, wherever a reading left off
        pickle.dump(document, self._file, pickle.HIGHEST_PROTOCOL)

    @property
    def spooled(self) -> int:
        """How many documents wait in the file."""
        return len(self.identities) - len(self._held)

    def __len__(self) -> int:
        return len(self.identities)

    def __iter__(self) -> Iterator[EncodedDocument]:
        self._check_open()
        yield from self._held
        if self._file is None:
            return
        self._file.seek(0)
        for _ in range(self.spooled):
            document: EncodedDocument = pickle.load(self._file)
            yield document

    def __enter__(self) -> EncodedRun:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._closed = True
        self._held = []
        if self._file is not None:
            self._file.close()
            self._file = None

    def _check_open(self) -> None:
        if self._closed:
            raise ValueError("the run's documents are closed")
