"""``sgb serve`` as a user starts it: a real server process on an empty store, asked over HTTP."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from tests.e2e.server import running_server


@pytest.fixture
def server(store_url: str) -> Iterator[str]:
    with running_server(store_url) as base:
        yield base


def graphql(base: str, query: str, **variables: object) -> dict[str, object]:
    response = httpx.post(f"{base}/graphql", json={"query": query, "variables": variables}, timeout=30)
    assert response.status_code == 200, response.text
    result: dict[str, object] = response.json()
    return result


def test_serve_records_the_corpus_on_an_empty_store_and_answers(server: str) -> None:
    result = graphql(
        server,
        """query ($day: Date!) { organization(asOf: $day) {
        asOf units { id name kind head { title reportsTo } sources { issuance { symbol } paragraph } } } }""",
        day="2010-01-01",
    )
    units = result["data"]["organization"]["units"]  # type: ignore[index]
    names = {u["name"] for u in units}
    assert {"行动厅", "军事厅", "法治和安全机构厅"} <= names
    assert "后勤支助司" not in names
    military = next(u for u in units if u["name"] == "军事厅")
    assert {s["issuance"]["symbol"] for s in military["sources"]} == {"ST/SGB/2010/1"}


def test_errors_are_graphql_errors_not_500s(server: str) -> None:
    bad_date = graphql(server, '{ organization(asOf: "yesterday") { asOf } }')
    assert bad_date["errors"] and "yesterday" in str(bad_date["errors"])
    unknown = graphql(server, '{ unitHistory(id: "no/such/unit") { change } }')
    assert unknown["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"  # type: ignore[index]


def test_graphiql_is_served_without_a_cdn(server: str) -> None:
    page = httpx.get(f"{server}/graphql", headers={"Accept": "text/html"}, timeout=10)
    assert page.status_code == 200
    links = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assets = [link for link in links if not link.startswith("data:")]
    assert assets
    assert all(a.startswith("/static/") for a in assets), assets
    for asset in assets:
        assert httpx.get(f"{server}{asset}", timeout=10).status_code == 200, asset
