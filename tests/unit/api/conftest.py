from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from service.api import create_app
from tests.unit.api.fake_read_model import FakeReadModel

GraphQL = Callable[..., dict[str, Any]]


@pytest.fixture
def fake() -> FakeReadModel:
    return FakeReadModel()


@pytest.fixture
def client(fake: FakeReadModel) -> Iterator[TestClient]:
    with TestClient(create_app(fake, names={"人力资源厅": "Office of Human Resources"})) as test_client:
        yield test_client


@pytest.fixture
def graphql(client: TestClient) -> GraphQL:
    """POST a query to /graphql; assert the HTTP exchange went well (never a 500) and return the JSON."""

    def post(query: str, **variables: Any) -> dict[str, Any]:
        response = client.post("/graphql", json={"query": query, "variables": variables})
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    return post


def error_codes(body: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in body.get("errors", [])]
