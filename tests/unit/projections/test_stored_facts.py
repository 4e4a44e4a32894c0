"""A unit version's facts (its sources, what ended it, its functions, the precision of its start) are decoded
from the stored JSON only when first asked for, and compare as the decoded facts do."""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson
import pytest

from service.projections.rows import StoredFacts, unit_view
from service.projections.views import ProvenanceView, VersionFacts


def _fact(role: str, **more: Any) -> dict[str, Any]:
    return {
        "symbol": "ST/SGB/2008/5",
        "seq": 3,
        "role": role,
        "stated_on": None,
        "authority": None,
        "items": [],
        "corrections": [],
        **more,
    }


def _row(sources: str | bytes, valid_from: str = "2008-12-01") -> tuple[Any, ...]:
    return ("DM", "管理部", "[]", "department", None, None, "[]", valid_from, None, sources)


STORED = orjson.dumps(
    {
        "ended_by": _fact("unit", symbol="ST/SGB/2019/2"),
        "facts": [_fact("unit", stated_on="2008-12"), _fact("functions", items=["规划", "预算"])],
    }
)
PROVENANCE = ProvenanceView("ST/SGB/2008/5", 3, role="unit", stated_on="2008-12")
FUNCTIONS = ProvenanceView("ST/SGB/2008/5", 3, role="functions")


@pytest.mark.parametrize(
    ("stored", "valid_from", "expected"),
    [
        (
            STORED,
            "2008-12-01",
            VersionFacts(
                sources=(PROVENANCE, FUNCTIONS),
                ended_by=ProvenanceView("ST/SGB/2019/2", 3, role="unit"),
                functions=("规划", "预算"),
                valid_from_precision="MONTH",
            ),
        ),
        (STORED.decode(), "2008-12-01", None),  # as text, as PostgreSQL gives it: the same facts
        (
            orjson.dumps({"ended_by": None, "facts": [_fact("unit", stated_on="2008-12")]}),
            "2009-01-01",  # not the start the stated month gives
            VersionFacts(sources=(PROVENANCE,)),
        ),
    ],
)
def test_the_facts_decoded(stored: str | bytes, valid_from: str, expected: VersionFacts | None) -> None:
    view = unit_view(_row(stored, valid_from))
    want = expected or unit_view(_row(STORED)).facts.decoded()
    assert (view.sources, view.ended_by, view.functions, view.valid_from_precision) == (
        want.sources,
        want.ended_by,
        want.functions,
        want.valid_from_precision,
    )
    assert view.valid_from == date.fromisoformat(valid_from)


def test_nothing_is_decoded_until_asked_for() -> None:
    view = unit_view(_row(b"not JSON"))  # what a load of a state needs is there
    assert (view.id, view.name, view.parent_id) == ("DM", "管理部", None)
    with pytest.raises(orjson.JSONDecodeError):
        _ = view.sources


def test_stored_facts_compare_as_their_decoded_facts() -> None:
    spaced = orjson.dumps(orjson.loads(STORED), option=orjson.OPT_INDENT_2)
    decoded = StoredFacts(STORED, "2008-12-01").decoded()
    assert StoredFacts(STORED, "2008-12-01") == StoredFacts(spaced, "2008-12-01")
    assert hash(StoredFacts(STORED, "2008-12-01")) == hash(StoredFacts(spaced, "2008-12-01"))
    assert StoredFacts(STORED, "2008-12-01") == decoded and decoded == StoredFacts(STORED, "2008-12-01")
    assert StoredFacts(STORED, "2008-12-01") != StoredFacts(STORED, "2008-12-02")  # then DAY, not MONTH
    assert unit_view(_row(STORED)) == unit_view(_row(spaced))
    assert unit_view(_row(STORED)) != unit_view(_row(STORED, "2008-12-02"))
