"""Whole answers kept per (query, variables, change point, projector position), never served stale."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from service.api import create_app
from service.api.response_cache import KeptAnswer, ResponseCache
from tests.unit.api.fake_read_model import FakeReadModel

ORG = "query($d: Date!) { organization(asOf: $d) { validFrom units { id name } } }"


@pytest.fixture
def cache() -> ResponseCache:
    return ResponseCache()


@pytest.fixture
def served(fake: FakeReadModel, cache: ResponseCache) -> Iterator[tuple[TestClient, FakeReadModel]]:
    with TestClient(create_app(fake, response_cache=cache)) as client:
        yield client, fake


def post(client: TestClient, query: str, **variables: Any) -> bytes:
    response = client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    return response.content


def organization_builds(fake: FakeReadModel) -> int:
    return sum(1 for call, _ in fake.calls if call == "organization")


def test_dates_of_one_change_point_share_one_answer(served: tuple[TestClient, FakeReadModel]) -> None:
    client, fake = served
    first = post(client, ORG, d="2012-03-04")
    assert post(client, ORG, d="2015-06-30") == first  # same change point (2010-01-01 .. 2019-01-01)
    assert organization_builds(fake) == 1
    later = post(client, ORG, d="2019-01-01")
    assert later != first and organization_builds(fake) == 2


def test_a_newly_projected_position_is_never_answered_from_before(
    served: tuple[TestClient, FakeReadModel],
) -> None:
    client, fake = served
    post(client, ORG, d="2012-03-04")
    fake.projected_to += 1
    post(client, ORG, d="2012-03-04")
    assert organization_builds(fake) == 2


def test_an_answer_that_echoes_the_date_is_kept_per_date(served: tuple[TestClient, FakeReadModel]) -> None:
    client, _ = served
    query = "query($d: Date!) { organization(asOf: $d) { asOf } }"
    assert b"2012-03-04" in post(client, query, d="2012-03-04")
    assert b"2015-06-30" in post(client, query, d="2015-06-30")


def test_errors_mutations_and_get_requests_are_not_kept(
    served: tuple[TestClient, FakeReadModel], cache: ResponseCache
) -> None:
    client, _ = served
    query = 'query($d: Date!) { unit(id: "nowhere", asOf: $d) { id } }'
    assert b'"errors"' in post(client, query, d="2012-03-04")
    assert b'"errors"' in post(client, ORG, d="not a date")
    assert b'"errors"' in post(client, 'mutation { recordDocument(text: "x") { symbol } }')
    assert client.get("/graphql", params={"query": "{ changePoints }"}).status_code == 200
    assert cache.size == 0
    post(client, "{ changePoints }")
    assert cache.size > 0


def test_the_cache_drops_the_least_recently_used_answer_beyond_its_bytes() -> None:
    cache = ResponseCache(max_bytes=10)
    cache.put("a", KeptAnswer([], b"12345"))
    cache.put("b", KeptAnswer([], b"12345"))
    assert cache.get("a") is not None  # now b is the least recently used
    cache.put("c", KeptAnswer([], b"123"))
    assert cache.get("b") is None and cache.get("a") is not None and cache.get("c") is not None
    assert cache.size == 8
    cache.put("huge", KeptAnswer([], b"x" * 11))
    assert cache.get("huge") is None
