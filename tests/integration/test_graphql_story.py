"""Issue 3's dated questions asked as a user asks them, in GraphQL, on both stores."""

from __future__ import annotations

import json
from typing import Any

from service.bootstrap import Sgb, answer


def ask(sgb: Sgb, query: str) -> Any:
    result = answer(sgb, query)
    assert "errors" not in result, result
    return result["data"]


def test_the_military_adviser_heads_the_office_of_military_affairs_and_the_record_says_why(sgb: Sgb) -> None:
    sgb.ingest_bundled_corpus()
    data = ask(
        sgb,
        '{ unit(id: "维持和平行动部/军事厅", asOf: "2010-01-01") { name head { title } '
        "sources { paragraph text } } }",
    )
    assert data["unit"]["head"]["title"] == "军事顾问"
    assert "7.1" in {s["paragraph"] for s in data["unit"]["sources"]}
    provisions = ask(
        sgb,
        '{ issuance(symbol: "ST/SGB/2010/1") { provisions(kind: "NAME_RESOLVED", first: 100) '
        "{ nodes { paragraph data } } } }",
    )["issuance"]["provisions"]["nodes"]
    reasons = [
        json.loads(p["data"]) if isinstance(p["data"], str) else p["data"]
        for p in provisions
        if p["paragraph"] == "7.1"
    ]
    assert any(r["name"] == "行动厅" and r["reason"] for r in reasons)


def test_a_report_proposes_and_changes_nothing(sgb: Sgb) -> None:
    sgb.ingest_bundled_corpus()
    report = ask(
        sgb,
        '{ issuance(symbol: "A/61/765") { status(asOf: "2010-01-01") '
        'provisions(kind: "PROPOSAL", first: 100) { totalCount } } }',
    )["issuance"]
    assert report["status"] == "PROPOSAL"
    assert report["provisions"]["totalCount"] > 0
    points = ask(sgb, '{ changePoints(from: "1990-01-01", to: "2030-01-01") }')["changePoints"]
    for day in points:
        units = ask(
            sgb, f'{{ organization(asOf: "{day}") {{ units {{ sources {{ issuance {{ symbol }} }} }} }} }}'
        )
        symbols = {s["issuance"]["symbol"] for u in units["organization"]["units"] for s in u["sources"]}
        assert "A/61/765" not in symbols


def test_oict_is_in_force_from_december_2008_on_the_authority_of_a_resolution(sgb: Sgb) -> None:
    sgb.ingest_bundled_corpus()
    query = (
        '{{ units(search: "信息和通信技术厅", asOf: "{day}") {{ nodes {{ validFrom validFromPrecision '
        "sources {{ paragraph statedOn issuance {{ symbol }} authority {{ symbol }} }} }} }} }}"
    )
    assert ask(sgb, query.format(day="2008-06-30"))["units"]["nodes"] == []
    [oict] = ask(sgb, query.format(day="2009-01-01"))["units"]["nodes"]
    assert (oict["validFrom"], oict["validFromPrecision"]) == ("2008-12-01", "MONTH")
    [source] = oict["sources"]
    assert source == {
        "paragraph": "29E.1",
        "statedOn": "2008-12",
        "issuance": {"symbol": "A/72/6 (Sect. 29E)"},
        "authority": {"symbol": "A/RES/63/262"},
    }


def test_a_unit_not_in_force_that_day_is_null_and_one_never_recorded_is_an_error(sgb: Sgb) -> None:
    sgb.ingest_bundled_corpus()
    asked = '{ unit(id: "维持和平行动部/军事厅", asOf: "%s") { name } }'
    assert ask(sgb, asked % "2010-01-01")["unit"]["name"] == "军事厅"
    assert ask(sgb, asked % "1950-01-01")["unit"] is None  # recorded, not yet in force
    for unknown in ('{ unit(id: "维持和平行动部/无此厅", asOf: "2010-01-01") { name } }',
                    '{ unitHistory(id: "维持和平行动部/无此厅") { change } }'):  # fmt: skip
        errors = answer(sgb, unknown)["errors"]
        assert "unknown unit id '维持和平行动部/无此厅'" in errors[0]["message"]
