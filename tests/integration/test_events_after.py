"""The projector's reader, once per store: ``events_after`` reads the log with a query of its own and builds
the events itself. What it returns must be what eventsourcing's own path returns (the recorder's
notifications through the mapper): the same positions in the same order, the same classes, the same
attribute values of the same types. Whatever it does not cover goes through the mapper."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from eventsourcing.persistence import MapperDeserialisationError

from events.issuance import Issuance
from events.values import IssuanceKind, ParagraphRef, UnitKind
from service.application import SgbApplication
from service.bootstrap import Sgb, open_sgb
from service.settings import StoreSettings

# Every event class a stream can hold: all but the bases and the library's default creation event, which
# are never triggered.
EVERY_EVENT_CLASS = {
    value
    for value in vars(Issuance).values()
    if isinstance(value, type) and issubclass(value, Issuance.Event)
} - {Issuance.Event, Issuance.Created, Issuance.Stated}


def mapper_events(app: SgbApplication, position: int, limit: int) -> list[tuple[int, Any]]:
    notifications = app.recorder.select_notifications(start=position, limit=limit, inclusive_of_start=False)
    return [(n.id, app.mapper.to_domain_event(n)) for n in notifications]


def shape(value: Any) -> Any:
    """A value with the type of everything in it, containers' order included: equal values of other
    types (a str for a UUID, a list for a tuple) or other key orders differ."""
    if isinstance(value, dict):
        return dict, [(key, shape(item)) for key, item in value.items()]
    if isinstance(value, list | tuple):
        return type(value), [shape(item) for item in value]
    return type(value), value


def assert_same(lean: list[tuple[int, Any]], mapped: list[tuple[int, Any]]) -> None:
    assert [position for position, _ in lean] == [position for position, _ in mapped]
    for (_, ours), (_, theirs) in zip(lean, mapped, strict=True):
        assert type(ours) is type(theirs)
        assert shape(vars(ours)) == shape(vars(theirs))


def renaming() -> Issuance:
    """An issuance with the one event class the bundled corpus does not state: a rename."""
    issuance = Issuance(
        symbol="ST/SGB/2099/1",
        kind=IssuanceKind.BULLETIN,
        title="信息技术厅的组织",
        language="zh",
        issued_on=None,
        effective_on=date(2099, 1, 1),
        department=None,
        source_name="rename.txt",
        source_sha256="1" * 64,
        metadata_sources={"symbol": "hint"},
    )
    issuance.define_unit(
        seq=1,
        unit_id="信息技术厅",
        name="信息技术厅",
        unit_kind=UnitKind.OFFICE,
        parent_id=None,
        location=ParagraphRef("1", None),
        quote="信息技术厅",
    )
    issuance.state(
        Issuance.UnitRenamed,
        seq=2,
        unit_id="信息技术厅",
        old_name="信息和通信技术厅",
        new_name="信息技术厅",
        location=ParagraphRef("1", "1.1"),
        quote="信息和通信技术厅更名为信息技术厅",
    )
    return issuance


def test_events_after_returns_what_the_mapper_makes_of_every_event_class(sgb: Sgb) -> None:
    sgb.ingest_bundled_corpus()
    sgb.app.record(renaming())
    assert sgb.app.event_log.rows_after(0, 1) is not None  # the store's own query is what is under test
    last = sgb.app.max_position()
    everything = mapper_events(sgb.app, 0, last)
    assert {type(event) for _, event in everything} == EVERY_EVENT_CLASS
    assert_same(sgb.app.events_after(0, last), everything)

    for limit in (1, 7, 1000):
        paged: list[tuple[int, Any]] = []
        while page := sgb.app.events_after(paged[-1][0] if paged else 0, limit):
            assert len(page) <= limit
            paged += page
        assert_same(paged, everything)
    middle = everything[len(everything) // 2][0]
    assert_same(sgb.app.events_after(middle, 5), mapper_events(sgb.app, middle, 5))
    assert sgb.app.events_after(last, 5) == []


def test_the_projection_is_the_same_from_the_lean_reader_and_the_mapper(sgb: Sgb) -> None:
    sgb.ingest_bundled_corpus()
    lean = {
        table: sorted(map(tuple, sgb.store.query(f"SELECT * FROM {table}")), key=repr)
        for table in ("rm_issuance", "rm_provision", "rm_unit_version", "rm_unit_change")
    }
    sgb.projector.source = _MapperSource(sgb.app)
    sgb.projector.rebuild()
    for table, rows in lean.items():
        assert sorted(map(tuple, sgb.store.query(f"SELECT * FROM {table}")), key=repr) == rows


class _MapperSource:
    def __init__(self, app: SgbApplication) -> None:
        self.app = app

    def events_after(self, position: int, limit: int) -> list[tuple[int, Issuance.Event]]:
        return mapper_events(self.app, position, limit)

    def max_position(self) -> int:
        return self.app.max_position()


def test_rows_the_shortcut_does_not_cover_go_through_the_mapper(sgb: Sgb) -> None:
    sgb.app.record(renaming())
    [*_, row] = sgb.app.event_log.rows_after(0, 10) or []
    position, originator_id, version, topic, state = row
    # A state saved by an event class past its first version: the mapper takes the version out.
    versioned = (position, originator_id, version, topic, state.replace(b"{", b'{"class_version":1,', 1))
    [(_, event)] = sgb.app.event_log.events_from([versioned])
    [(_, expected)] = mapper_events(sgb.app, position - 1, 1)
    assert "class_version" not in vars(event)
    assert shape(vars(event)) == shape(vars(expected))
    # A state that does not decode fails as the mapper fails.
    with pytest.raises(MapperDeserialisationError):
        sgb.app.event_log.events_from([(position, originator_id, version, topic, b'{"seq": ')])


def test_with_a_compressor_the_mapper_reads_as_before(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMPRESSOR_TOPIC", "eventsourcing.compressor:ZlibCompressor")
    sgb = open_sgb(StoreSettings.from_url(store_url))
    try:
        sgb.app.record(renaming())
        assert sgb.app.mapper.compressor is not None
        assert sgb.app.event_log.rows_after(0, 10) is None
        assert_same(sgb.app.events_after(0, 10), mapper_events(sgb.app, 0, 10))
        assert len(sgb.app.events_after(0, 10)) == 3
    finally:
        sgb.close()
