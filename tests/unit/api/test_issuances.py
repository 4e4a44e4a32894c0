"""Issuances: dates with their precision, status as of a date (and as known at a time), abolitions."""

from __future__ import annotations

import pytest

from tests.unit.api.conftest import GraphQL

ISSUANCE = """query($symbol: String!, $asOf: Date!) { issuance(symbol: $symbol) {
  symbol title kind issued issuedPrecision issuedOn effectiveOn recorded status(asOf: $asOf) } }"""


def test_issue_date_keeps_its_precision(graphql: GraphQL) -> None:
    def issuance(symbol: str) -> dict[str, object]:
        found: dict[str, object] = graphql(ISSUANCE, symbol=symbol, asOf="2020-01-01")["data"]["issuance"]
        return found

    assert issuance("ST/SGB/2019/2") | {"title": None} == {
        "symbol": "ST/SGB/2019/2",
        "title": None,
        "kind": "bulletin",
        "issued": "2019-01-01",
        "issuedPrecision": "DAY",
        "issuedOn": "2019-01-01",
        "effectiveOn": "2019-01-01",
        "recorded": True,
        "status": "IN_FORCE",
    }
    old = issuance("ST/SGB/2010/9")
    assert (old["issued"], old["issuedPrecision"], old["issuedOn"]) == ("2010-04", "MONTH", None)
    assert issuance("A/72/492")["issuedPrecision"] == "YEAR"


def test_unknown_symbol_is_null(graphql: GraphQL) -> None:
    assert graphql(ISSUANCE, symbol="ST/SGB/1900/1", asOf="2020-01-01") == {"data": {"issuance": None}}


@pytest.mark.parametrize(
    ("symbol", "as_of", "status"),
    [
        ("ST/SGB/2019/2", "2018-12-31", "NOT_YET_IN_FORCE"),
        ("ST/SGB/2019/2", "2019-01-01", "IN_FORCE"),
        ("ST/SGB/2010/9", "2018-12-31", "UNKNOWN"),  # known only by reference: no effective date
        ("ST/SGB/2010/9", "2019-01-01", "ABOLISHED"),
        ("A/72/492", "2020-01-01", "PROPOSAL"),
    ],
)
def test_status_as_of_a_date(graphql: GraphQL, symbol: str, as_of: str, status: str) -> None:
    body = graphql(ISSUANCE, symbol=symbol, asOf=as_of)

    assert body["data"]["issuance"]["status"] == status


def test_abolishes_and_abolished_by(graphql: GraphQL) -> None:
    abolition = "{ by { symbol } target { symbol recorded } sections effectiveOn source { section } }"
    body = graphql(f"""{{
        new: issuance(symbol: "ST/SGB/2019/2") {{ abolishes {abolition} abolishedBy {{ sections }} }}
        old: issuance(symbol: "ST/SGB/2010/9") {{ abolishes {{ sections }} abolishedBy {abolition} }} }}""")

    expected = [
        {
            "by": {"symbol": "ST/SGB/2019/2"},
            "target": {"symbol": "ST/SGB/2010/9", "recorded": False},
            "sections": [],
            "effectiveOn": "2019-01-01",
            "source": {"section": "10"},
        }
    ]
    assert body["data"]["new"] == {"abolishes": expected, "abolishedBy": []}
    assert body["data"]["old"] == {"abolishes": [], "abolishedBy": expected}


def test_in_force_follows_as_of(graphql: GraphQL) -> None:
    query = "query($asOf: Date!) { organization(asOf: $asOf) { inForce { symbol } } }"

    def in_force(as_of: str) -> list[dict[str, str]]:
        found: list[dict[str, str]] = graphql(query, asOf=as_of)["data"]["organization"]["inForce"]
        return found

    assert in_force("2018-06-01") == []
    assert in_force("2019-06-01") == [{"symbol": "ST/SGB/2019/2"}]


def test_status_inside_organization_respects_its_as_known_at(graphql: GraphQL) -> None:
    query = """query($knownAt: DateTime) { organization(asOf: "2015-01-01", asKnownAt: $knownAt) {
        units { sources { issuance { symbol status(asOf: "2020-01-01") } } } } }"""

    def old_status(known_at: str | None) -> str:
        unit = graphql(query, knownAt=known_at)["data"]["organization"]["units"][0]
        status: str = unit["sources"][0]["issuance"]["status"]
        return status

    assert old_status(None) == "ABOLISHED"
    assert old_status("2019-01-15T00:00:00Z") == "UNKNOWN"  # the abolishing bulletin was not yet recorded


def test_issuances_lists_recorded_and_referenced(graphql: GraphQL) -> None:
    body = graphql("{ issuances { totalCount nodes { symbol recorded } } }")

    assert body["data"]["issuances"]["totalCount"] == 3
    assert {(i["symbol"], i["recorded"]) for i in body["data"]["issuances"]["nodes"]} == {
        ("ST/SGB/2019/2", True),
        ("A/72/492", True),
        ("ST/SGB/2010/9", False),
    }
