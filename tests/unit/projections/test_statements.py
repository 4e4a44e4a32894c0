"""A unit restated again and again holds one copy of each text it is restated with, however many rows
repeat it: each event decodes its own copy."""

from __future__ import annotations

import orjson

from service.projections.overrides import StatedRow
from service.projections.provisions import ProvisionKind
from service.projections.statements import UnitFacts

STATED = orjson.dumps(
    {
        "unit": {"name": "规划司", "kind": "DIVISION", "parent_id": "DEPT"},
        "functions": {"items": ["协调规划工作；", "编写报告。"]},
        "head": {"post": "司长", "reports_to": ["助理秘书长"]},
    }
)


def _rows(symbol: str, position: int) -> list[StatedRow]:
    decoded = orjson.loads(STATED)  # as an event decodes it: strings of its own
    return [
        StatedRow(
            *(symbol, seq, kind, "3", "DEPT/规划司", decoded[part]),
            *("2001-01-01", "bulletin", position),
        )
        for seq, (kind, part) in enumerate(
            [
                (ProvisionKind.UNIT_DEFINED, "unit"),
                (ProvisionKind.FUNCTIONS, "functions"),
                (ProvisionKind.HEAD_DEFINED, "head"),
            ]
        )
    ]


def test_statements_of_the_same_text_share_its_strings() -> None:
    facts = UnitFacts()
    for position, symbol in enumerate(["ST/SGB/2001/1", "ST/SGB/2002/1"]):
        for row in _rows(symbol, position):
            facts.add_row(row, [])
    first, second = facts.units.items
    assert first.name is second.name and first.parent_id is second.parent_id
    older, newer = facts.functions.items
    assert all(a is b for a, b in zip(older.items, newer.items, strict=True))
    assert older.items is older.interval.source.items
    old_head, new_head = facts.heads.items
    assert old_head.post is new_head.post and old_head.reports_to[0] is new_head.reports_to[0]
