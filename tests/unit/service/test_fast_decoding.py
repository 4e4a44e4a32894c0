"""The application's transcoder decodes with orjson and revives transcoded objects itself: it must give what
the stdlib decoder with the library's object hook gives, for every shape a transcoded object can take, and
fail where it fails."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import JSONTranscoder, TranscodingNotRegisteredError

from events.values import CitationRelation, ParagraphRef, PartialDate, PostCount, UnitKind
from service.application import FastDecodingTranscoder, SgbApplication

APP = SgbApplication()


def transcoders() -> tuple[FastDecodingTranscoder, JSONTranscoder]:
    fast = APP.construct_transcoder()
    assert isinstance(fast, FastDecodingTranscoder)
    reference = JSONTranscoder()
    APP.register_transcodings(reference)
    return fast, reference


def shape(value: Any) -> Any:
    if isinstance(value, dict):
        return dict, [(key, shape(item)) for key, item in value.items()]
    if isinstance(value, list):
        return list, [shape(item) for item in value]
    return type(value), value


STATES: list[Any] = [
    {
        "timestamp": datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC),
        "seq": 1,
        "location": ParagraphRef("2", "2.1"),
        "unit_kind": UnitKind.OFFICE,
        "relation": CitationRelation.CITED,
        "grades": [PostCount("P-5", 1), PostCount("GS", 2)],
        "items": ["一", "二"],
        "nested": {"on": date(2001, 2, 3), "when": [PartialDate(2008, 12), None, {"id": UUID(int=7)}]},
        "empty": {},
        "parent_id": None,
    },
    [ParagraphRef(None, None), [date(2000, 1, 1)], {"a": 1}],
    ParagraphRef("1", None),
    "text",
    3,
]

# Shapes the encoder never writes but a decoder meets in JSON it did not write: dicts that look like
# transcoded objects and are not, and a transcoded object inside another one's data.
LOOKALIKES = [
    b'{"a": {"_data_": 1, "other": 2}}',
    b'{"a": {"_type_": "date_iso", "_data_": "2001-02-03", "more": 1}}',
    b'{"a": {"_type_": "date_iso"}, "b": {"_data_": "x"}}',
    b'{"_type_": "date_iso", "_data_": "2001-02-03"}',
    b'[{"_type_": "unit_kind", "_data_": "OFFICE"}]',
    b'{"a": {"_type_": "paragraph_ref", "_data_": {"section": {"_type_": "date_iso", "_data_": "2001-02-03"},'
    b' "paragraph": null}}}',
    b'{"a": {"_type_": "post_count", "_data_": ["P-5", {"_type_": "decimal_str", "_data_": "2"}]}}',
    b'{"a": {"_type_": "paragraph_ref", "_data_": {"section": ["2"], "paragraph": null}}}',
]


@pytest.mark.parametrize("state", STATES)
def test_what_the_encoder_writes_decodes_as_with_the_object_hook(state: Any) -> None:
    fast, reference = transcoders()
    encoded = fast.encode(state)
    assert shape(fast.decode(encoded)) == shape(reference.decode(encoded)) == shape(state)


@pytest.mark.parametrize("data", LOOKALIKES)
def test_lookalikes_decode_as_with_the_object_hook(data: bytes) -> None:
    fast, reference = transcoders()
    assert shape(fast.decode(data)) == shape(reference.decode(data))


@pytest.mark.parametrize(
    "data",
    [
        b'{"a": {"_type_": "nowhere", "_data_": 1}}',
        b'{"a": [{"_type_": "nowhere", "_data_": {"b": 1}}]}',
        b'{"_type_": "nowhere", "_data_": 1}',
    ],
)
def test_a_name_not_registered_fails_as_with_the_object_hook(data: bytes) -> None:
    fast, reference = transcoders()
    with pytest.raises(TranscodingNotRegisteredError) as expected:
        reference.decode(data)
    with pytest.raises(TranscodingNotRegisteredError) as raised:
        fast.decode(data)
    assert str(raised.value) == str(expected.value)
