"""Corrections, once per store: a defect of extraction is corrected in the open. The correction is a new
event on the corrected issuance's stream with a reason and an author; the provisions it overrides stay as
recorded; asOf answers change from its recording on, and asKnownAt before it still gives the old answer;
recording it twice records nothing; a rebuild reproduces the same read models."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import corpus
from service.bootstrap import Sgb
from service.ingest import DocumentRequest, expand
from service.ingest.corrections import read_corrections
from service.parsing import Hints
from service.projections.audit import recordings_after
from service.projections.store import READ_MODEL_TABLES

DSS = "ST/SGB/2013/5"
DSS_FILE = corpus.DIRECTORY / "corrections/st-sgb-2013-5.toml"
ON = date(2013, 8, 5)


def without_corrections() -> list[DocumentRequest]:
    return [DocumentRequest(r.path, r.hints) for r in expand([corpus.DIRECTORY], Hints())]


def names_on(sgb: Sgb, day: date, known_at: str | None = None) -> set[str]:
    return {u.name for u in sgb.read_model.organization(day, known_at).units}


def test_a_correction_changes_as_of_from_its_recording_and_keeps_the_past(sgb: Sgb) -> None:
    sgb.ingestor.ingest(without_corrections())
    assert {"外勤支助处", "外勤支助事务司"} <= names_on(sgb, ON)  # one unit, read as two
    before = datetime.now(UTC).isoformat(timespec="microseconds")
    originals = sgb.read_model.provisions(DSS)

    report = sgb.ingestor.correct(read_corrections(DSS_FILE))
    assert report.unmatched == ()
    [outcome] = report.corrections
    assert outcome.recorded and outcome.event_count == 3

    assert "外勤支助处" not in names_on(sgb, ON)
    [division] = [u for u in sgb.read_model.organization(ON).units if u.name == "外勤支助事务司"]
    assert "外勤支助处" in division.aliases
    # As known before the correction: the uncorrected answer.
    assert {"外勤支助处", "外勤支助事务司"} <= names_on(sgb, ON, known_at=before)
    # Nothing recorded is changed: the original provisions are all there, and the corrections follow.
    after = sgb.read_model.provisions(DSS)
    assert after[: len(originals)] == originals
    [correction] = [json.loads(p.data) for p in after if p.kind == "CORRECTED" and p.paragraph == "2.2"]
    assert (correction["was"], correction["now"], correction["field"]) == (
        "外勤支助处",
        "外勤支助事务司",
        "unit",
    )
    assert correction["reason"] and correction["author"]
    assert [p.seq for p in after[len(originals) :]] == list(range(len(originals) + 1, len(after) + 1))
    assert sgb.read_model.provisions(DSS, known_at=before) == originals
    # The audit trail: which provisions, what the text said, what we conclude, why, who, and when.
    [audit] = sgb.read_model.corrections(unit_id=division.id)
    assert (audit.paragraph, audit.was, audit.now, audit.was_unit_id) == (
        "2.2",
        "外勤支助处",
        "外勤支助事务司",
        "安全和安保部/外勤支助处",
    )
    assert audit.reason and audit.author and audit.recorded_at > before
    assert sgb.read_model.corrections(DSS, known_at=before) == []
    # Among the recordings, the corrected document says it has corrections, and only it.
    assert {r.symbol for r in recordings_after(sgb.store) if r.correction} == {DSS}


def test_the_same_correction_twice_records_nothing(sgb: Sgb) -> None:
    report = sgb.ingest_bundled_corpus()
    assert {o.symbol for o in report.corrections} == {"ST/SGB/2010/1", DSS}
    assert report.unmatched == ()
    position = sgb.app.max_position()
    again = sgb.ingestor.correct(read_corrections(DSS_FILE))
    assert [o.recorded for o in again.corrections] == [False]
    assert not any(o.recorded for o in sgb.ingest_bundled_corpus().corrections)
    assert sgb.app.max_position() == position


def test_bundled_corrections_settle_the_seeds_name_variants(sgb: Sgb) -> None:
    sgb.ingest_bundled_corpus()
    dss = names_on(sgb, ON)
    assert {"外勤支助事务司", "执行办公室", "威胁和风险评估股"} <= dss
    assert not {"外勤支助处", "行政办公室", "威胁和风险评估处"} & dss
    dpko = names_on(sgb, date(2010, 1, 1))
    assert {"统筹行动小组", "特派团管理和支助科"} <= dpko
    assert not {"综合行动小组", "管理和支持科"} & dpko


def test_a_correction_file_that_matches_nothing_records_nothing(sgb: Sgb, tmp_path: Path) -> None:
    sgb.ingestor.ingest(without_corrections())
    position = sgb.app.max_position()
    wrong = tmp_path / "wrong.toml"
    wrong.write_text(
        f'symbol = "{DSS}"\n[[correction]]\nparagraph = "2.2"\nfield = "unit"\nwas = "不存在的处"\n'
        'now = "外勤支助事务司"\nreason = "test"\nauthor = "test"\n',
        "utf-8",
    )
    report = sgb.ingestor.correct(read_corrections(wrong))
    assert len(report.unmatched) == 1 and "不存在的处" in report.unmatched[0]
    assert sgb.app.max_position() == position


def _dump(sgb: Sgb) -> dict[str, list[tuple[object, ...]]]:
    return {
        table: sorted(map(tuple, sgb.store.query(f"SELECT * FROM {table}")), key=repr)
        for table in READ_MODEL_TABLES
    }


def test_rebuild_equals_incremental_with_corrections(sgb: Sgb) -> None:
    sgb.ingestor.ingest(without_corrections())
    sgb.ingestor.correct(read_corrections(DSS_FILE))
    incremental = _dump(sgb)
    sgb.projector.rebuild()
    assert _dump(sgb) == incremental


def _dump(sgb: Sgb) -> dict[str, list[tuple[object, ...]]]:
    return {t: sorted(map(tuple, sgb.store.query(f"SELECT * FROM {t}")), key=repr) for t in READ_MODEL_TABLES}


def test_a_document_and_its_corrections_saved_back_to_back_stay_two_recordings(sgb: Sgb) -> None:
    """Notifications carry no transaction ids: a rebuild must still tell the document's save from the
    corrections' save that follows it directly on the same stream, or recorded times would blur."""
    [dss] = [r for r in without_corrections() if r.hints.symbol == DSS]
    sgb.ingestor.ingest([dss])
    between = datetime.now(UTC).isoformat(timespec="microseconds")
    sgb.ingestor.correct(read_corrections(DSS_FILE))
    incremental = _dump(sgb)
    assert sgb.projector.rebuild() == 2
    assert _dump(sgb) == incremental
    assert {"外勤支助处", "外勤支助事务司"} <= names_on(sgb, ON, known_at=between)
