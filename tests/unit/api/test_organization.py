"""The organisation, its units and their changes, over HTTP against a fake read model."""

from __future__ import annotations

from tests.unit.api.conftest import GraphQL
from tests.unit.api.fake_read_model import NEW_RECORDED_AT, FakeReadModel

ORGANIZATION = """query($asOf: Date!) { organization(asOf: $asOf) {
  asOf validFrom validTo
  units { id name kind parent { id } children { id } }
  roots { id name(lang: ZH) children { id name(lang: EN) } }
} }"""


def test_organization_before_the_change_point(graphql: GraphQL) -> None:
    org = graphql(ORGANIZATION, asOf="2018-12-31")["data"]["organization"]

    assert (org["asOf"], org["validFrom"], org["validTo"]) == ("2018-12-31", "2010-01-01", "2019-01-01")
    assert [u["id"] for u in org["units"]] == ["DM", "OHR", "BUD"]
    assert org["roots"] == [
        {
            "id": "DM",
            "name": "管理部",
            "children": [{"id": "OHR", "name": "Office of Human Resources"}, {"id": "BUD", "name": None}],
        }
    ]
    ohr = next(u for u in org["units"] if u["id"] == "OHR")
    assert ohr == {
        "id": "OHR",
        "name": "人力资源厅",
        "kind": "OFFICE",
        "parent": {"id": "DM"},
        "children": [],
    }


def test_organization_on_and_after_the_change_point(graphql: GraphQL) -> None:
    org = graphql(ORGANIZATION, asOf="2019-01-01")["data"]["organization"]

    assert (org["validFrom"], org["validTo"]) == ("2019-01-01", None)
    assert [r["id"] for r in org["roots"]] == ["DMSPC"]
    assert org["roots"][0]["children"][0]["id"] == "OHR"


def test_organization_before_anything_is_empty(graphql: GraphQL) -> None:
    org = graphql(ORGANIZATION, asOf="1990-01-01")["data"]["organization"]

    assert org == {"asOf": "1990-01-01", "validFrom": None, "validTo": "2010-01-01", "units": [], "roots": []}


def test_unit_fields(graphql: GraphQL) -> None:
    body = graphql("""{ unit(id: "DM", asOf: "2015-06-01") { id aliases kind head { title reportsTo }
        functions validFrom validTo sources { section paragraph text issuance { symbol } } } }""")

    assert body["data"]["unit"] == {
        "id": "DM",
        "aliases": ["DM-alias"],
        "kind": "DEPARTMENT",
        "head": {"title": "管理部负责人", "reportsTo": ["秘书长"]},
        "functions": [],
        "validFrom": "2010-01-01",
        "validTo": "2019-01-01",
        "sources": [
            {
                "section": "1",
                "paragraph": "1.1",
                "text": "text of ST/SGB/2010/9 section 1",
                "issuance": {"symbol": "ST/SGB/2010/9"},
            }
        ],
    }


def test_unit_is_null_when_not_in_force(graphql: GraphQL) -> None:
    body = graphql(
        '{ before: unit(id: "DMSPC", asOf: "2018-12-31") { id } '
        'after: unit(id: "BUD", asOf: "2019-01-01") { id } }'
    )

    assert body == {"data": {"before": None, "after": None}}


def test_as_known_at_reaches_the_read_model_as_a_utc_bound(graphql: GraphQL, fake: FakeReadModel) -> None:
    graphql('{ organization(asOf: "2020-01-01", asKnownAt: "2019-02-01T09:00:00+09:00") { asOf } }')

    assert ("organization", NEW_RECORDED_AT) in fake.calls
    assert ("issuances", NEW_RECORDED_AT) in fake.calls


def test_unit_history_lists_every_change_by_date(graphql: GraphQL) -> None:
    body = graphql(
        '{ unitHistory(id: "OHR") { effectiveOn change unitId name before after '
        "source { paragraph issuance { symbol } } } }"
    )

    assert body["data"]["unitHistory"] == [
        {
            "effectiveOn": "2010-01-01",
            "change": "ESTABLISHED",
            "unitId": "OHR",
            "name": "人力资源厅",
            "before": None,
            "after": None,
            "source": {"paragraph": "1.1", "issuance": {"symbol": "ST/SGB/2010/9"}},
        },
        {
            "effectiveOn": "2019-01-01",
            "change": "MOVED",
            "unitId": "OHR",
            "name": "人力资源厅",
            "before": "DM",
            "after": "DMSPC",
            "source": {"paragraph": "2.1", "issuance": {"symbol": "ST/SGB/2019/2"}},
        },
    ]


def test_changes_window_excludes_from_and_includes_to(graphql: GraphQL) -> None:
    query = "query($from: Date!, $to: Date!) { changes(from: $from, to: $to) { unitId change } }"

    assert len(graphql(query, **{"from": "2009-12-31", "to": "2010-01-01"})["data"]["changes"]) == 3
    assert graphql(query, **{"from": "2010-01-01", "to": "2018-12-31"})["data"]["changes"] == []
    assert graphql(query, **{"from": "2018-12-31", "to": "2019-01-01"})["data"]["changes"] == [
        {"unitId": "DM", "change": "ABOLISHED"},
        {"unitId": "OHR", "change": "MOVED"},
    ]
