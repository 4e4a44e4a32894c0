"""An independent client (gql, over HTTP and graphql-transport-ws) against a running `sgb serve`:
introspection, every example query of the README with its stated answer, the mutation and the subscription."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.server import running_server

gql_module = pytest.importorskip("gql", reason="gql is not installed (pip install 'gql[httpx,websockets]')")
from gql import Client, GraphQLRequest, gql  # noqa: E402
from gql.transport.httpx import HTTPXTransport  # noqa: E402
from gql.transport.websockets import WebsocketsTransport  # noqa: E402

README = Path(__file__).parents[2] / "README.md"
FIXTURE = Path(__file__).parents[1] / "fixtures" / "documents" / "st-sgb-2014-3-disarmament.txt"
TOKEN = "test-token-7f3a"


def readme_examples() -> list[tuple[str, dict[str, Any]]]:
    """The (query, answer) pairs of README's "## Example queries": each ```graphql block, then ```json."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Example queries", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(graphql|json)\n(.*?)```", section, flags=re.DOTALL)
    kinds = [kind for kind, _ in blocks]
    assert kinds == ["graphql", "json"] * (len(blocks) // 2), f"README examples must alternate: {kinds}"
    return [
        (query, json.loads(answer)) for (_, query), (_, answer) in zip(blocks[::2], blocks[1::2], strict=True)
    ]


def contains(actual: Any, shown: Any) -> bool:
    """The answer holds what the README shows: objects by their keys shown, lists element by element."""
    if isinstance(shown, dict):
        return isinstance(actual, dict) and all(
            k in actual and contains(actual[k], v) for k, v in shown.items()
        )
    if isinstance(shown, list):
        return isinstance(actual, list) and all(any(contains(a, s) for a in actual) for s in shown)
    return bool(actual == shown)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = tmp_path_factory.mktemp("gql") / "sgb.sqlite"
    with running_server(f"sqlite:///{store}", SGB_API_TOKEN=TOKEN) as base:
        yield base


def test_there_are_ten_examples() -> None:
    assert len(readme_examples()) == 10


def test_introspection_gives_the_schema(server: str) -> None:
    with Client(
        transport=HTTPXTransport(url=f"{server}/graphql"), fetch_schema_from_transport=True
    ) as session:
        session.execute(gql("{ changePoints }"))
        schema = session.client.schema
    assert schema is not None
    assert {"Query", "Mutation", "Subscription", "UnitConnection"} <= set(schema.type_map)


@pytest.mark.parametrize("number", range(10))
def test_readme_example_answers_as_stated(server: str, number: int) -> None:
    query, shown = readme_examples()[number]
    # The client validates each query against the introspected schema before sending it.
    with Client(
        transport=HTTPXTransport(url=f"{server}/graphql"), fetch_schema_from_transport=True
    ) as session:
        answer = session.execute(gql(query))
    assert contains(answer, shown), json.dumps(answer, ensure_ascii=False, indent=1)[:4000]


RECORD = """mutation ($text: String!) { recordDocument(text: $text, kind: "bulletin") {
  symbol recorded events issuance { symbol recorded } } }"""


def test_the_mutation_needs_the_token(server: str) -> None:
    body = {"query": RECORD, "variables": {"text": "无"}}
    anonymous = httpx.post(f"{server}/graphql", json=body, timeout=30).json()
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    wrong = httpx.post(
        f"{server}/graphql", json=body, headers={"Authorization": "Bearer x"}, timeout=30
    ).json()
    assert wrong["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_refused_documents_are_bad_input(server: str) -> None:
    body = {"query": RECORD, "variables": {"text": "这不是公报。"}}
    answer = httpx.post(
        f"{server}/graphql", json=body, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30
    )
    assert answer.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


SUBSCRIBE = """subscription ($after: Int) { recorded(afterPosition: $after, forSeconds: 60) {
  position symbol correction document { symbol recorded } } }"""


def test_the_subscription_pushes_a_document_recorded_through_the_mutation(server: str) -> None:
    position = httpx.get(f"{server}/healthz", timeout=10).json()["position"]

    async def scenario() -> tuple[dict[str, Any], dict[str, Any]]:
        transport = WebsocketsTransport(
            url=server.replace("http://", "ws://") + "/graphql",
            subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
        )
        async with Client(transport=transport) as session:
            stream = session.subscribe(GraphQLRequest(gql(SUBSCRIBE), variable_values={"after": position}))
            first = asyncio.ensure_future(stream.__anext__())
            await asyncio.sleep(0.5)
            async with httpx.AsyncClient(timeout=60) as http:
                response = await http.post(
                    f"{server}/graphql",
                    json={"query": RECORD, "variables": {"text": FIXTURE.read_text(encoding="utf-8")}},
                    headers={"Authorization": f"Bearer {TOKEN}"},
                )
            pushed = await asyncio.wait_for(first, timeout=30)
            await stream.aclose()
            return response.json(), pushed

    recorded, pushed = asyncio.run(scenario())
    assert recorded["data"]["recordDocument"]["symbol"] == "ST/SGB/2014/3", recorded
    assert recorded["data"]["recordDocument"]["recorded"] is True
    assert pushed["recorded"]["symbol"] == "ST/SGB/2014/3"
    assert pushed["recorded"]["position"] > position
    assert pushed["recorded"]["document"] == {"symbol": "ST/SGB/2014/3", "recorded": True}
