"""The rows of one flush cross to a writer process marshalled, and arrive as they were gathered."""

from __future__ import annotations

import marshal
import pickle
from multiprocessing import Pipe

import pytest

from service.child_process import dumps, frames, receive, send_frames
from service.projections.writes import MARSHAL_VERSION, GatheredRows


def test_gathered_rows_arrive_as_a_plain_tuple_of_the_same_rows() -> None:
    recorded_at = "2024-05-01T10:00:00.000000+00:00"  # held by many rows, as in a flush
    rows = GatheredRows(
        (
            [
                (
                    "ST/SGB/2024/1",
                    "bulletin",
                    "标题",
                    "zh",
                    None,
                    "2024-01-01",
                    None,
                    "a.txt",
                    "ab",
                    "{}",
                    recorded_at,
                    7,
                )
            ],
            [("ST/SGB/2024/1", 1, "UNIT_DEFINED", "1", "1.1", "由…领导", "u1", None, "{}", recorded_at)],
            {"rm_unit_version": [(recorded_at, "u1", "2020-01-01")], "rm_unit_change": []},
            {"rm_unit_version": [["u1", "2024-01-01", None, 3.5, recorded_at, None]], "rm_unit_change": []},
        )
    )

    arrived = pickle.loads(dumps(rows))

    assert type(arrived) is tuple
    assert arrived == tuple(rows)


def test_a_row_value_marshal_cannot_carry_fails_where_the_rows_are_sent() -> None:
    rows = GatheredRows(([], [(object(),)], {}, {}))

    with pytest.raises(ValueError, match="unmarshallable"):
        dumps(rows)


def test_a_flush_crosses_a_pipe_in_a_frame_of_its_own_and_arrives_whole() -> None:
    rows = GatheredRows(([], [("ST/SGB/2024/1", 1, "由…领导", b'{"a":1}')], {}, {}))
    receiving, sending = Pipe(duplex=False)

    sent = frames(("job", rows, None))
    send_frames(sending, sent)

    assert len(sent) == 2  # the pickle, and the rows as they were marshalled, not copied into it
    assert bytes(sent[1]) == marshal.dumps(tuple(rows), MARSHAL_VERSION)
    assert receive(receiving) == ("job", tuple(rows), None)
