"""The documents of a run wait in memory, then in a file, and come back as they went in."""

from __future__ import annotations

import tempfile
from pathlib import Path
from uuid import NAMESPACE_URL, uuid5

import pytest
from eventsourcing.persistence import StoredEvent

from service.application import EncodedIssuance
from service.ingest.preparing import EncodedDocument
from service.ingest.spool import DocumentIdentity, EncodedRun


def _document(number: int) -> EncodedDocument:
    symbol = f"ST/SGB/2001/{number}"
    stream = uuid5(NAMESPACE_URL, symbol)
    events = [StoredEvent(stream, version, f"issuance:E{version}", b"{}" * number) for version in range(1, 4)]
    return EncodedDocument(Path(f"doc-{number}.txt"), EncodedIssuance(symbol, f"sha-{number}", events))


@pytest.mark.parametrize(("in_memory", "spooled"), [(10, 0), (2, 3), (0, 5)])
def test_the_documents_come_back_in_order_every_time(in_memory: int, spooled: int) -> None:
    documents = [_document(n) for n in range(1, 6)]
    with EncodedRun(in_memory) as run:
        for document in documents:
            run.append(document)
        assert (len(run), run.spooled) == (5, spooled)
        assert list(run) == documents
        assert list(run) == documents
        assert run.identities[3] == DocumentIdentity(Path("doc-4.txt"), "ST/SGB/2001/4", "sha-4")


def test_a_run_that_fits_writes_no_file(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_file(*args: object, **kwargs: object) -> None:
        raise AssertionError("a temporary file was made")

    monkeypatch.setattr(tempfile, "TemporaryFile", no_file)
    run = EncodedRun(in_memory=3)
    for number in range(1, 4):
        run.append(_document(number))
    assert [d.issuance.symbol for d in run] == [f"ST/SGB/2001/{n}" for n in range(1, 4)]


def test_a_document_added_after_a_reading_stopped_halfway_comes_last() -> None:
    with EncodedRun(in_memory=1) as run:
        for number in range(1, 4):
            run.append(_document(number))
        reading = iter(run)
        next(reading), next(reading)  # the one held, then the first from the file
        run.append(_document(4))
        assert [d.issuance.symbol for d in run] == [f"ST/SGB/2001/{n}" for n in range(1, 5)]


def test_a_closed_run_is_not_read_as_empty() -> None:
    with EncodedRun(in_memory=1) as run:
        run.append(_document(1))
        run.append(_document(2))
    with pytest.raises(ValueError, match="closed"):
        list(run)
