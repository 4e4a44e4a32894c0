"""The web application: GraphiQL offline, static files, health, the redirect, run_query, WebSocket."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

from service.api import create_app, run_query
from tests.unit.api.fake_read_model import FakeReadModel


def test_graphiql_page_uses_no_cdn(client: TestClient) -> None:
    page = client.get("/graphql", headers={"accept": "text/html"})

    assert page.status_code == 200
    assert "graphiql" in page.text.lower()
    assert not re.search(r"unpkg|jsdelivr|cdnjs|cdn\.", page.text, re.IGNORECASE)
    for link in re.findall(r'(?:src|href)="([^"]*)"', page.text):
        assert link.startswith(("/", "data:")), link  # served by sgb itself


def test_graphiql_scripts_are_served(client: TestClient) -> None:
    page = client.get("/graphql", headers={"accept": "text/html"}).text
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', page)

    for asset in assets:
        assert client.get(asset).status_code == 200, asset


def test_healthz_and_home(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "position": 7}
    home = client.get("/", follow_redirects=False)
    assert home.status_code in (302, 307)
    assert home.headers["location"] == "/graphql"


def test_query_via_get(client: TestClient) -> None:
    response = client.get("/graphql", params={"query": '{ issuance(symbol: "A/72/492") { kind } }'})

    assert response.json() == {"data": {"issuance": {"kind": "report"}}}


def test_run_query_returns_json_ready_result() -> None:
    result = run_query(
        FakeReadModel(),
        "query($s: String!) { issuance(symbol: $s) { symbol recorded } }",
        {"s": "ST/SGB/2010/9"},
    )

    assert result == {"data": {"issuance": {"symbol": "ST/SGB/2010/9", "recorded": False}}}


def test_query_over_websocket(client: TestClient) -> None:
    with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        ws.send_json({"type": "connection_init"})
        assert ws.receive_json()["type"] == "connection_ack"
        ws.send_json(
            {
                "type": "subscribe",
                "id": "1",
                "payload": {"query": '{ unit(id: "OHR", asOf: "2020-01-01") { parent { id } } }'},
            }
        )
        message = ws.receive()  # a text frame: clients refuse binary ones

        assert '"DMSPC"' in message["text"]
        assert ws.receive_json() == {"type": "complete", "id": "1"}


def test_the_catalogue_is_read_before_the_first_request() -> None:
    fake = FakeReadModel()
    with TestClient(create_app(fake)) as client:
        assert ("issuances", None) in fake.calls  # read at start, no request made yet
        fake.calls.clear()
        response = client.post("/graphql", json={"query": "{ issuances(first: 1) { totalCount } }"})
        assert response.json()["data"]["issuances"]["totalCount"] > 0
    assert ("issuances", None) not in fake.calls  # the first request found it read
