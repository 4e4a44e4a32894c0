"""Rows are inserted and closed many to a statement on SQLite (COPY and a pipeline on PostgreSQL): every
row is written, and exactly the current rows named are closed, each at its own recorded time; on SQLite
the R*Tree of current spans follows, its triggers firing on the joined UPDATE too. A projector's
transaction holds off every other projector's until it ends."""

from __future__ import annotations

import threading
import time

import pytest

from service.bootstrap import Sgb
from service.projections.store import (
    ROWS_PER_STATEMENT,
    SQLITE_SPAN_INDEX,
    ReadStore,
    close_rows,
    hold_off_other_projectors,
    insert_rows,
)

_COLUMNS = (
    "unit_id, valid_from, valid_to, name, kind, parent_id, head_post, head_reports_to, aliases, sources, "
    "recorded_from, recorded_to"
)


def _version(unit: int, recorded_from: str, recorded_to: str | None = None) -> tuple[object, ...]:
    return (
        f"U{unit}",
        "2000-01-01",
        None,
        f"U{unit}",
        "OFFICE",
        None,
        None,
        "[]",
        "[]",
        "{}",
        recorded_from,
        recorded_to,
    )


@pytest.mark.parametrize("own_process", [False, True], ids=["writer thread", "writer process"])
def test_rows_are_inserted_and_closed_many_at_a_time(sgb: Sgb, own_process: bool) -> None:
    count = 2 * ROWS_PER_STATEMENT + ROWS_PER_STATEMENT // 2 + 100  # full statements, a half, and the rest
    closing = [(f"2022-01-{1 + u % 28:02d}", f"U{u}", "2000-01-01") for u in range(0, count, 2)]
    sgb.store.clear()
    store = ReadStore(sgb.settings, own_process=own_process)  # a writer process halves the rest
    try:
        with store.transaction() as cursor:
            closed_before = _version(0, "2019-01-01", "2019-06-01")
            insert_rows(
                cursor,
                "rm_unit_version",
                _COLUMNS,
                [closed_before, *(_version(u, "2020-01-01") for u in range(count))],
            )
        with store.transaction() as cursor:
            close_rows(cursor, "rm_unit_version", "valid_from", closing)
    finally:
        store.close()

    rows = sgb.store.query("SELECT unit_id, recorded_from, recorded_to FROM rm_unit_version")
    closed_at = {unit_id: to for to, unit_id, _ in closing}
    assert sorted(rows) == sorted(
        [
            ("U0", "2019-01-01", "2019-06-01"),
            *((f"U{u}", "2020-01-01", closed_at.get(f"U{u}")) for u in range(count)),
        ]
    )
    if sgb.settings.backend == "sqlite":
        spans = sgb.store.query(f"SELECT COUNT(*) FROM {SQLITE_SPAN_INDEX}")[0][0]
        assert spans == count - len(closing)


def test_text_given_in_utf8_is_stored_as_text(sgb: Sgb) -> None:
    sources = '{"quote":"由司长领导。\\"引\\""}'
    change = ("U1", 1, "2000-01-01", "ESTABLISHED", "司", None, None)
    sgb.store.clear()
    with sgb.store.transaction() as cursor:
        insert_rows(
            cursor,
            "rm_unit_version",
            _COLUMNS,
            [(*_version(1, "2020-01-01")[:9], sources.encode(), "2020-01-01", None)],
            utf8_columns={"sources"},
        )
        insert_rows(
            cursor,
            "rm_unit_change",
            "unit_id, ordinal, effective_on, change, name, before_value, after_value, source, recorded_from",
            [(*change, None, "2020-01-01"), ("U2", 1, *change[2:], b'{"seq":1}', "2020-01-01")],
            utf8_columns={"source"},
        )

    assert sgb.store.query("SELECT sources FROM rm_unit_version") == [(sources,)]
    assert sorted(sgb.store.query("SELECT unit_id, source FROM rm_unit_change")) == [
        ("U1", None),
        ("U2", '{"seq":1}'),
    ]
    if sgb.settings.backend == "sqlite":  # not a blob, which a text comparison would never match
        assert sgb.store.query("SELECT typeof(sources) FROM rm_unit_version") == [("text",)]


def test_a_projector_transaction_holds_off_another_stores_until_it_ends(sgb: Sgb) -> None:
    """Two processes' projectors (two stores here): the second's transaction reads the tracked position the
    first one's wrote, not the one before it (on PostgreSQL both read the same and wrote the same rows)."""
    first, second = ReadStore(sgb.settings), ReadStore(sgb.settings)
    holding = threading.Event()

    def move_the_position_slowly() -> None:
        with first.transaction() as cursor:
            hold_off_other_projectors(cursor)
            holding.set()
            time.sleep(0.3)  # the other transaction begins meanwhile
            cursor.execute("UPDATE rm_tracking SET position = position + 1000")

    try:
        with first.transaction() as cursor:
            cursor.execute("INSERT INTO rm_tracking (name, position) VALUES ('read_models', 7)")
        writer = threading.Thread(target=move_the_position_slowly)
        writer.start()
        assert holding.wait(10)
        with second.transaction() as cursor:
            hold_off_other_projectors(cursor)
            cursor.execute("SELECT position FROM rm_tracking")
            seen = cursor.fetchall()[0][0]
        writer.join()
        assert seen == 1007
    finally:
        first.close()
        second.close()
