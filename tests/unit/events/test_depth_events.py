"""The events of "extraction in depth" and corrections: explicit versioned topics, values that survive the
store's transcoding, and corrections that are recorded once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from events.issuance import Issuance
from events.values import (
    CorrectedField,
    IssuanceKind,
    LineKind,
    ParagraphRef,
    PartialDate,
    PostCount,
    UnitKind,
)
from service.application import SgbApplication
from service.ingest.depth import state_in_depth
from service.parsing.model import Location, Span

AT = ParagraphRef("29E", "29E.1")


def budget() -> Issuance:
    issuance = Issuance(
        symbol="A/72/6 (Sect. 29E)",
        kind=IssuanceKind.BUDGET,
        title=None,
        language="zh",
        issued_on=PartialDate.parse("2017-04"),
        effective_on=date(2018, 1, 1),
        department=None,
        source_name="002.txt",
        source_sha256="0" * 64,
        metadata_sources={},
    )
    issuance.state(
        Issuance.EstablishmentStated,
        seq=1,
        unit_id="信息和通信技术厅",
        unit_name="信息和通信技术厅",
        unit_kind=UnitKind.OFFICE,
        parent_id=None,
        established_on=PartialDate.parse("2008-12"),
        authority="A/RES/63/262",
        location=AT,
        quote="信息和通信技术厅由大会第 63/262 号决议于 2008 年 12 月设立",
    )
    moved = [PostCount("P-5", 1), PostCount("GS(OL)", 2)]
    issuance.state(
        Issuance.PostsMoved,
        seq=2,
        count=3,
        grades=moved,
        from_unit="危机管理信息支助科",
        to_unit="信息和通信技术厅",
        unit_id="信息和通信技术厅",
        location=AT,
        quote="…",
    )
    issuance.state(
        Issuance.ReportingLineStated,
        seq=3,
        from_post="首席信息技术干事",
        unit_id="信息和通信技术厅",
        to_posts=["常务副秘书长"],
        line_kind=LineKind.REPORTS_TO,
        scope=None,
        location=AT,
        quote="…",
    )
    return issuance


def test_every_new_event_has_an_explicit_versioned_topic() -> None:
    for name in (
        "FunctionsStated",
        "ReportingLineStated",
        "SharedResourceStated",
        "PostsMoved",
        "StaffingStated",
        "EstablishmentStated",
        "ProposalStated",
        "UnitRenamed",
        "Corrected",
    ):
        topic: str = getattr(Issuance, name).TOPIC
        assert topic == f"sgb.Issuance.{name}.v1"


def test_new_values_survive_the_store() -> None:
    app = SgbApplication()
    issuance = budget()
    app.save(issuance)
    stored = list(app.events.get(issuance.id))
    established, moved, line = stored[1:]
    assert isinstance(established, Issuance.EstablishmentStated)
    assert established.established_on == PartialDate(2008, 12)
    assert established.unit_kind is UnitKind.OFFICE
    assert isinstance(moved, Issuance.PostsMoved)
    assert moved.grades == [PostCount("P-5", 1), PostCount("GS(OL)", 2)]
    assert isinstance(line, Issuance.ReportingLineStated) and line.line_kind is LineKind.REPORTS_TO
    reloaded = app.issuance("A/72/6 (Sect. 29E)")
    assert reloaded is not None and reloaded.provisions[1].name == "信息和通信技术厅"


def correction(issuance: Issuance) -> dict[str, object]:
    return {
        "correction_id": "c-1",
        "target_seqs": [1],
        "field": CorrectedField.NAME,
        "was": "信息和通信技术厅",
        "now": "信通厅",
        "unit_id": "信息和通信技术厅",
        "was_unit_id": None,
        "now_id": None,
        "reason": "a test",
        "author": "a tester",
        "location": AT,
        "quote": issuance.provisions[1].quote,
    }


def test_a_correction_is_appended_once_and_changes_nothing_recorded() -> None:
    app = SgbApplication()
    app.save(budget())
    before = list(app.events.get(budget().id))
    first = app.correct("A/72/6 (Sect. 29E)", [correction])
    assert (first.recorded, first.event_count) == (True, 1)
    again = app.correct("A/72/6 (Sect. 29E)", [correction])
    assert (again.recorded, again.event_count) == (False, 0)
    after = list(app.events.get(budget().id))
    assert after[: len(before)] == before
    [corrected] = after[len(before) :]
    assert isinstance(corrected, Issuance.Corrected)
    assert (corrected.seq, corrected.field, corrected.symbol) == (
        4,
        CorrectedField.NAME,
        "A/72/6 (Sect. 29E)",
    )


@dataclass(frozen=True)
class Rename:
    """The shape of the parser's rename (old_name, new_name, unit_key, location), ahead of its type."""

    old_name: str
    new_name: str
    unit_key: str
    location: Location


def test_a_rename_keeps_the_unit_id() -> None:
    issuance = budget()
    at = Location("3", "3.1", "信通厅更名为信息技术厅", Span(0, 10))
    state_in_depth(issuance, 4, Rename("信息和通信技术厅", "信息技术厅", "信息和通信技术厅", at))
    renamed = issuance.pending_events[-1]
    assert isinstance(renamed, Issuance.UnitRenamed)
    assert (renamed.unit_id, renamed.old_name, renamed.new_name) == (
        "信息和通信技术厅",
        "信息和通信技术厅",
        "信息技术厅",
    )
