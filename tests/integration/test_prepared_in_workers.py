"""A long run of documents is prepared in worker processes (``service.ingest.workers``): what they record
must be what the caller's own process records, and a document they cannot understand must refuse the run
as it does in the caller's process."""

from __future__ import annotations

import shutil
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

import corpus
from events.issuance import Issuance
from service.bootstrap import Sgb
from service.ingest import DocumentRequest, expand, prepare, workers
from service.parsing import DocumentError, Hints


def _corpus() -> list[DocumentRequest]:
    return expand([corpus.DIRECTORY], Hints())


def _without_time(event: Issuance.Event) -> dict[str, Any]:
    """The event as recorded, but for when it was made (each process makes its own)."""
    return {name: value for name, value in asdict(event).items() if name != "timestamp"}


def test_a_worker_encodes_as_the_application_does(sgb: Sgb) -> None:
    issuance = prepare(_corpus()[0]).issuance
    assert workers.worker_application().encode(issuance) == sgb.app.encode(issuance)


def test_a_run_prepared_in_workers_records_what_one_process_does(
    sgb: Sgb, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers, "IN_WORKERS_FROM", 2)
    requests = _corpus()
    report = sgb.ingestor.ingest(requests)
    assert sgb.ingestor.preparer._workers is not None  # the run went to the workers
    assert report.recorded == len(requests)

    recorded: dict[str, list[dict[str, Any]]] = {}
    for _, event in sgb.app.events_after(0, 1_000_000):
        recorded.setdefault(str(event.originator_id), []).append(_without_time(event))
    for request in requests:
        issuance = prepare(request).issuance
        prepared = [_without_time(e) for e in issuance.pending_events]
        events = recorded[str(issuance.id)]
        assert events[: len(prepared)] == prepared  # then the corrections the corpus holds for some


def test_a_document_a_worker_cannot_understand_refuses_the_run(
    sgb: Sgb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers, "IN_WORKERS_FROM", 2)
    shutil.copytree(corpus.DIRECTORY, tmp_path / "corpus")
    requests = expand([tmp_path / "corpus"], Hints())
    recipe = requests[len(requests) // 2].path
    recipe.write_text("番茄炒蛋\n\n先把鸡蛋打散，再放番茄。\n", "utf-8")
    with pytest.raises(DocumentError, match=r"not|bulletin|issuance") as refused:
        sgb.ingestor.ingest(requests)
    assert refused.value.source_name == str(recipe)
    assert sgb.app.max_position() == 0
