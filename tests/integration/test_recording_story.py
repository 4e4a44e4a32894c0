"""The application's story, told once per store (SQLite and PostgreSQL): record the bundled corpus and
ask it dated questions; record it again; refuse what cannot be understood; record a document later
that abolishes an earlier one; rebuild the read models and get the same answer."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

import corpus
from service.application import ConflictingSourceError
from service.bootstrap import Sgb
from service.ingest import DocumentRequest, expand, spool
from service.parsing import DocumentError, Hints
from service.projections import projector
from service.projections.store import READ_MODEL_TABLES
from service.projections.views import Status
from tests.conftest import FIXTURES

DPKO_OFFICES = {"行动厅", "军事厅", "法治和安全机构厅"}
DFS_DIVISIONS = {"外勤人事司", "外勤预算和财务司", "后勤支助司", "信息和通信技术司"}
DSS_DIVISIONS = {"区域业务司", "总部安保和安全事务司"}


def names_on(sgb: Sgb, day: date, known_at: str | None = None) -> set[str]:
    return {unit.name for unit in sgb.read_model.organization(day, known_at).units}


def sources_on(sgb: Sgb, day: date) -> set[str]:
    return {s.symbol for unit in sgb.read_model.organization(day).units for s in unit.sources}


def test_the_bundled_corpus_as_of_dates(sgb: Sgb) -> None:
    report = sgb.ingest_bundled_corpus()
    assert report.recorded == 5
    assert report.events > 150

    # Before 2010 nothing the 2010 bulletins define is in force.
    assert not {"ST/SGB/2010/1", "ST/SGB/2010/2"} & sources_on(sgb, date(2009, 12, 31))
    # DPKO's bulletin takes effect on 2010-01-01; DFS's only on issue, 2010-03-04.
    on_new_year = names_on(sgb, date(2010, 1, 1))
    assert on_new_year >= DPKO_OFFICES
    assert not on_new_year & DFS_DIVISIONS
    assert names_on(sgb, date(2010, 3, 4)) >= DPKO_OFFICES | DFS_DIVISIONS
    # DSS's bulletin takes effect on issue, 2013-08-05, and not a day before.
    assert names_on(sgb, date(2013, 8, 5)) >= DSS_DIVISIONS
    assert not names_on(sgb, date(2013, 8, 4)) & DSS_DIVISIONS


def test_abolitions_and_proposals(sgb: Sgb) -> None:
    sgb.ingest_bundled_corpus()
    read = sgb.read_model

    political = read.issuance("ST/SGB/2000/9")
    assert political is not None and not political.recorded
    [abolition] = read.abolitions(target="ST/SGB/2000/9")
    assert (abolition.by, abolition.sections, abolition.effective_on) == (
        "ST/SGB/2010/1",
        (),
        date(2010, 1, 1),
    )
    assert read.status(political, date(2010, 1, 1)) == Status.ABOLISHED
    assert read.status(political, date(2009, 12, 31)) == Status.UNKNOWN

    central_support = read.issuance("ST/SGB/1998/11")
    assert central_support is not None
    [partial] = read.abolitions(target="ST/SGB/1998/11")
    assert (partial.by, partial.sections, partial.effective_on) == ("ST/SGB/2013/5", ("5",), date(2013, 8, 5))
    assert read.status(central_support, date(2013, 8, 5)) == Status.PARTIALLY_ABOLISHED

    proposal = read.issuance("A/61/765")
    assert proposal is not None and read.status(proposal, date(2010, 1, 1)) == Status.PROPOSAL
    for day in read.change_points():
        assert "A/61/765" not in sources_on(sgb, day)


def test_recording_the_same_text_again_records_nothing(sgb: Sgb) -> None:
    sgb.ingest_bundled_corpus()
    position = sgb.app.max_position()
    again = sgb.ingest_bundled_corpus()
    assert again.recorded == 0 and again.events == 0
    assert sgb.app.max_position() == position


def test_a_different_text_under_a_recorded_symbol_is_refused(sgb: Sgb, tmp_path: Path) -> None:
    sgb.ingest_bundled_corpus()
    position = sgb.app.max_position()
    altered = tmp_path / "altered.txt"
    text = (corpus.DIRECTORY / "documents/003_5ae6548718701211.txt").read_text("utf-8")
    altered.write_text(text.replace("培训和发展科", "培训科"), "utf-8")
    with pytest.raises(ConflictingSourceError, match="ST/SGB/2013/5"):
        sgb.ingestor.ingest(expand([altered], Hints(symbol="ST/SGB/2013/5")))
    assert sgb.app.max_position() == position


BAD_INPUTS = [
    ("empty.txt", b"", "empty"),
    ("binary.txt", bytes(range(256)) * 4, "binary|UTF-8"),
    ("recipe.txt", "番茄炒蛋\n\n先把鸡蛋打散，再放番茄。\n".encode(), "not|bulletin|issuance"),
]


@pytest.mark.parametrize(("name", "content", "problem"), BAD_INPUTS)
def test_bad_input_is_refused_and_nothing_recorded(
    sgb: Sgb, tmp_path: Path, name: str, content: bytes, problem: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=problem) as refused:
        sgb.ingestor.ingest([DocumentRequest(path, Hints(symbol="ST/SGB/2099/1"))])
    assert name in str(refused.value)
    assert sgb.app.max_position() == 0


def test_a_run_whose_documents_wait_on_disk(
    sgb: Sgb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All but the first document of the run wait in the spool's file: recorded all the same, in order; and
    a bad document after them still records nothing of the run."""
    monkeypatch.setattr(spool, "IN_MEMORY", 1)
    spooled: list[int] = []
    close = spool.EncodedRun.close
    monkeypatch.setattr(spool.EncodedRun, "close", lambda run: (spooled.append(run.spooled), close(run)))
    requests = expand([corpus.DIRECTORY], Hints())
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(DocumentError, match=r"empty\.txt"):
        sgb.ingestor.ingest([*requests, DocumentRequest(empty, Hints(symbol="ST/SGB/2099/1"))])
    assert sgb.app.max_position() == 0

    report = sgb.ingestor.ingest(requests)
    assert spooled == [len(requests) - 1] * 2  # both runs: all but the first (empty.txt never got in)
    assert [outcome.symbol for outcome in report.outcomes] == [r.hints.symbol for r in requests]
    assert report.recorded == len(requests)
    assert names_on(sgb, date(2010, 3, 4)) >= DPKO_OFFICES | DFS_DIVISIONS


def test_a_bulletin_without_a_date_needs_effective_on(sgb: Sgb, tmp_path: Path) -> None:
    undated = tmp_path / "undated.txt"
    text = (FIXTURES / "documents/st-sgb-2012-9-abolishes-dfs.txt").read_text("utf-8")
    undated_text = "\n".join(line for line in text.splitlines() if "年" not in line or "节" in line)
    undated.write_text(undated_text.replace("生效", "施行"), "utf-8")
    with pytest.raises(DocumentError, match="effective") as refused:
        sgb.ingestor.ingest([DocumentRequest(undated, Hints(symbol="ST/SGB/2099/2"))])
    assert "undated.txt" in str(refused.value)
    assert sgb.app.max_position() == 0
    sgb.ingestor.ingest(
        [DocumentRequest(undated, Hints(symbol="ST/SGB/2099/2", effective_on=date(2099, 1, 1)))]
    )
    assert sgb.app.max_position() > 0


def test_a_later_recorded_abolition_changes_as_of_but_not_as_known_at(sgb: Sgb) -> None:
    sgb.ingest_bundled_corpus()
    before_recording = datetime.now(UTC).isoformat(timespec="microseconds")
    abolishing = FIXTURES / "documents/st-sgb-2012-9-abolishes-dfs.txt"
    sgb.ingestor.ingest([DocumentRequest(abolishing, Hints())])

    assert names_on(sgb, date(2012, 6, 30)) >= DFS_DIVISIONS
    assert not names_on(sgb, date(2012, 7, 1)) & DFS_DIVISIONS
    assert names_on(sgb, date(2012, 7, 1), known_at=before_recording) >= DFS_DIVISIONS
    # DPKO's offices come from another bulletin, which nothing abolished.
    assert names_on(sgb, date(2012, 7, 1)) >= DPKO_OFFICES
    logistics = next(
        u for u in sgb.read_model.organization(date(2012, 6, 30)).units if u.name == "后勤支助司"
    )
    history = sgb.read_model.unit_history(logistics.id)
    assert [(c.change, c.effective_on) for c in history] == [
        ("ESTABLISHED", date(2010, 3, 4)),
        ("ABOLISHED", date(2012, 7, 1)),
    ]
    assert history[-1].source is not None and history[-1].source.symbol == "ST/SGB/2012/9"
    assert [c.change for c in sgb.read_model.unit_history(logistics.id, before_recording)] == ["ESTABLISHED"]


def _dump(sgb: Sgb) -> dict[str, list[tuple[object, ...]]]:
    return {
        table: sorted(map(tuple, sgb.store.query(f"SELECT * FROM {table}")), key=repr)
        for table in READ_MODEL_TABLES
    }


def test_rebuild_equals_the_incrementally_maintained_read_models(sgb: Sgb) -> None:
    sgb.ingest_bundled_corpus()
    sgb.ingestor.ingest([DocumentRequest(FIXTURES / "documents/st-sgb-2012-9-abolishes-dfs.txt", Hints())])
    incremental = _dump(sgb)
    assert sgb.projector.rebuild() == 8  # six documents, and the bundled corrections of two of them
    assert _dump(sgb) == incremental
    assert len(incremental["rm_unit_version"]) > 100


def test_a_rebuild_tells_how_far_it_has_got(sgb: Sgb, monkeypatch: pytest.MonkeyPatch) -> None:
    """After each transaction, the position it projected to (``sgb rebuild``'s progress bar): rising, to
    the last event's."""
    sgb.ingest_bundled_corpus()
    monkeypatch.setattr(projector, "REBUILD", projector.TransactionSizes(issuances=2, events=80_000))
    positions: list[int] = []
    assert sgb.projector.rebuild(positions.append) == 7
    assert len(positions) == 4 and positions == sorted(set(positions))
    assert positions[-1] == sgb.app.max_position()
