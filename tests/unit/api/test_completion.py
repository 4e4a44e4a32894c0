"""The fields added for "the API its users need": connections, selection, search, audit, feeds, names."""

from __future__ import annotations

from starlette.testclient import TestClient

from tests.unit.api.conftest import GraphQL, error_codes


def test_organization_selects_a_subtree_by_kind_and_depth(graphql: GraphQL) -> None:
    body = graphql(
        """{ organization(asOf: "2010-06-01", under: "DM", depth: 1, kind: [OFFICE]) {
        roots { id } units { id } rows { id parentId depth } } }"""
    )
    organization = body["data"]["organization"]
    assert organization["roots"] == [{"id": "DM"}]
    assert organization["units"] == [{"id": "OHR"}]
    assert organization["rows"] == [{"id": "OHR", "parentId": None, "depth": 1}]


def test_rows_are_flat_with_parent_ids(graphql: GraphQL) -> None:
    body = graphql('{ organization(asOf: "2010-06-01") { rows { id parentId name nameEn kind head } } }')
    rows = {r["id"]: r for r in body["data"]["organization"]["rows"]}
    assert rows["DM"]["parentId"] is None and rows["OHR"]["parentId"] == "DM"
    assert rows["OHR"]["nameEn"] == "Office of Human Resources"
    assert rows["DM"]["head"] == "管理部负责人"


def test_an_unknown_under_or_a_negative_depth_is_bad_input(graphql: GraphQL) -> None:
    assert error_codes(graphql('{ organization(asOf: "2010-06-01", under: "X") { asOf } }')) == [
        "BAD_USER_INPUT"
    ]
    assert error_codes(graphql('{ organization(asOf: "2010-06-01", depth: -1) { asOf } }')) == [
        "BAD_USER_INPUT"
    ]


def test_units_connection_pages_with_cursors(graphql: GraphQL) -> None:
    query = """query ($after: String) { organization(asOf: "2010-06-01") {
        unitsConnection(first: 2, after: $after) { totalCount nodes { id }
        pageInfo { hasNextPage hasPreviousPage endCursor } } } }"""
    first = graphql(query)["data"]["organization"]["unitsConnection"]
    assert first["totalCount"] == 3 and len(first["nodes"]) == 2
    assert first["pageInfo"]["hasNextPage"] and not first["pageInfo"]["hasPreviousPage"]
    rest = graphql(query, after=first["pageInfo"]["endCursor"])["data"]["organization"]["unitsConnection"]
    assert len(rest["nodes"]) == 1 and not rest["pageInfo"]["hasNextPage"]
    assert {n["id"] for n in first["nodes"] + rest["nodes"]} == {"DM", "OHR", "BUD"}


def test_first_beyond_500_and_bad_cursors_are_bad_input(graphql: GraphQL) -> None:
    too_many = graphql("{ issuances(first: 501) { totalCount } }")
    assert error_codes(too_many) == ["BAD_USER_INPUT"]
    assert "500" in too_many["errors"][0]["message"]
    assert error_codes(graphql('{ issuances(after: "nonsense") { totalCount } }')) == ["BAD_USER_INPUT"]
    assert error_codes(graphql("{ issuances(first: -1) { totalCount } }")) == ["BAD_USER_INPUT"]


def test_units_are_found_by_chinese_alias_or_english_name(graphql: GraphQL) -> None:
    query = "query ($s: String) { units(search: $s) { nodes { id name validFrom englishName { text } } } }"
    by_english = graphql(query, s="human resources")["data"]["units"]["nodes"]
    assert [(u["id"], u["validFrom"]) for u in by_english] == [("OHR", "2019-01-01")]
    assert by_english[0]["englishName"] == {"text": "Office of Human Resources"}
    assert [u["id"] for u in graphql(query, s="预算")["data"]["units"]["nodes"]] == ["BUD"]
    on_a_day = graphql('{ units(search: "人力", asOf: "2010-06-01") { nodes { parent { id } } } }')
    assert on_a_day["data"]["units"]["nodes"] == [{"parent": {"id": "DM"}}]


def test_changes_have_a_kind_and_a_paged_form(graphql: GraphQL) -> None:
    body = graphql(
        """{ changes(from: "2018-12-31", to: "2019-01-01") { change kind }
        changesConnection(from: "2009-12-31", to: "2019-01-01", kind: [MOVED]) {
          totalCount nodes { unitId } } }"""
    )
    assert {(c["change"], c["kind"]) for c in body["data"]["changes"]} == {
        ("ABOLISHED", "ABOLISHED"),
        ("MOVED", "MOVED"),
    }
    assert body["data"]["changesConnection"] == {"totalCount": 1, "nodes": [{"unitId": "OHR"}]}


def test_change_points_in_a_window(graphql: GraphQL) -> None:
    assert graphql("{ changePoints }")["data"]["changePoints"] == ["2010-01-01", "2019-01-01"]
    assert graphql('{ changePoints(from: "2011-01-01") }')["data"]["changePoints"] == ["2019-01-01"]


def test_issuances_filter_by_kind_and_in_force(graphql: GraphQL) -> None:
    body = graphql(
        """{ reports: issuances(kind: "report") { nodes { symbol } }
        inForce: issuances(inForceOn: "2019-06-01") { nodes { symbol } } }"""
    )
    assert body["data"]["reports"]["nodes"] == [{"symbol": "A/72/492"}]
    assert {"symbol": "ST/SGB/2019/2"} in body["data"]["inForce"]["nodes"]
    assert {"symbol": "ST/SGB/2010/9"} not in body["data"]["inForce"]["nodes"]


def test_issuance_provisions_are_generic_and_batched(graphql: GraphQL, fake: object) -> None:
    body = graphql(
        """{ issuance(symbol: "ST/SGB/2019/2") { recordedAt
        provisions { totalCount nodes { kind section paragraph text unitId target data } }
        functions: provisions(kind: "functions") { nodes { data } }
        events { type recordedAt } } }"""
    )
    issuance = body["data"]["issuance"]
    assert issuance["recordedAt"].startswith("2019-02-01T00:00:00")
    kinds = [p["kind"] for p in issuance["provisions"]["nodes"]]
    assert kinds == ["UNIT_DEFINED", "ABOLISHES", "FUNCTIONS"]
    assert issuance["functions"]["nodes"] == [{"data": {"functions": ["管理战略"]}}]
    assert issuance["events"][0]["type"] == "RECORDED" and len(issuance["events"]) == 4
    assert [c for c in fake.calls if c[0] == "provisions_for"] == [("provisions_for", ("ST/SGB/2019/2",))]  # type: ignore[attr-defined]


def test_recorded_changes_say_what_was_learned_when_and_from_what(graphql: GraphQL) -> None:
    body = graphql(
        """{ recordedChanges { totalCount nodes { action recording { position recordedAt correction
        document { symbol } } change { unitId kind } } } }"""
    )
    nodes = body["data"]["recordedChanges"]["nodes"]
    assert nodes[0]["action"] == "RECORDED" and nodes[0]["change"] is None
    assert nodes[0]["recording"]["document"] == {"symbol": "ST/SGB/2019/2"}
    assert {(n["action"], n["change"]["unitId"]) for n in nodes[1:]} == {
        ("LEARNED", "DM"),
        ("LEARNED", "OHR"),
    }
    later = graphql('{ recordedChanges(since: "2020-01-01T00:00:00Z") { totalCount } }')
    assert later["data"]["recordedChanges"]["totalCount"] == 0


def test_record_document_is_refused_without_a_configured_token(graphql: GraphQL) -> None:
    body = graphql('mutation { recordDocument(text: "x") { symbol } }')
    assert error_codes(body) == ["UNAUTHENTICATED"]


def test_structure_feed(client: TestClient) -> None:
    feed = client.get("/feeds/structure", params={"asOf": "2010-06-01", "under": "DM"}).json()
    assert feed["validFrom"] == "2010-01-01"
    assert feed["rows"][0]["id"] == "DM"
    assert {(r["id"], r["parentId"]) for r in feed["rows"]} == {("DM", None), ("BUD", "DM"), ("OHR", "DM")}
    bad = client.get("/feeds/structure", params={"asOf": "soon"})
    assert bad.status_code == 400 and bad.json()["code"] == "BAD_USER_INPUT"


def test_timeline_feed_is_vis_timeline_shaped(client: TestClient) -> None:
    feed = client.get("/feeds/timeline").json()
    groups = {g["id"]: g for g in feed["groups"]}
    assert set(groups["DM"]["nestedGroups"]) == {"BUD"}  # OHR's latest parent is DMSPC
    assert groups["DMSPC"]["nestedGroups"] == ["OHR"]
    ranges = [i for i in feed["items"] if i["type"] == "range"]
    assert [(i["start"], i["open"]) for i in ranges if i["group"] == "OHR"] == [("2010-01-01", True)]
    points = [i for i in feed["items"] if i["type"] == "point"]
    assert {p["content"] for p in points} == {"ST/SGB/2019/2"}
    assert all({"id", "group", "content", "start", "type"} <= i.keys() for i in feed["items"])


def test_explorer_page_is_served(client: TestClient) -> None:
    page = client.get("/explorer")
    assert page.status_code == 200 and "<html" in page.text.lower()


def test_the_timeline_is_also_a_graphql_field(graphql: GraphQL, client: TestClient) -> None:
    assert graphql("{ timeline }")["data"]["timeline"] == client.get("/feeds/timeline").json()


def test_the_words_of_the_sources_are_looked_up_together(graphql: GraphQL, fake: object) -> None:
    """Each root field's sources at once, or both fields' if they are resolved in the same turn."""
    body = graphql(
        """{ organization(asOf: "2010-06-01") { units { id sources { section paragraph text } } }
        changes(from: "2018-06-01", to: "2019-06-01") { source { paragraph } } }"""
    )
    units = body["data"]["organization"]["units"]
    assert len(units) > 1
    for unit in units:
        assert unit["sources"] == [
            {"section": "1", "paragraph": "1.1", "text": "text of ST/SGB/2010/9 section 1"}
        ]
    assert {c["source"]["paragraph"] for c in body["data"]["changes"]} == {"10.1", "2.1"}
    lookups = [c[1] for c in fake.calls if c[0] == "passages"]  # type: ignore[attr-defined]
    assert len(lookups) <= 2
    keys = [key for lookup in lookups for key in lookup]
    assert sorted(keys) == [("ST/SGB/2010/9", 1), ("ST/SGB/2019/2", 2), ("ST/SGB/2019/2", 10)]
