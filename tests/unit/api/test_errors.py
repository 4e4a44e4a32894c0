"""Bad requests get a GraphQL error a person can act on, with extensions.code: never a 500 or a traceback."""

from __future__ import annotations

from datetime import date

import pytest
from graphql import GraphQLError

from service.api import run_query
from service.api.errors import is_expected
from service.api.schema import MAX_ALIASES, MAX_DEPTH, MAX_TOKENS, ParseOnce
from service.projections.views import ChangeView
from tests.unit.api.conftest import GraphQL, error_codes
from tests.unit.api.fake_read_model import FakeReadModel


def test_unknown_unit_id(graphql: GraphQL) -> None:
    queries = ['{ unit(id: "NOPE", asOf: "2015-01-01") { id } }', '{ unitHistory(id: "NOPE") { change } }']
    for query in queries:
        body = graphql(query)

        assert error_codes(body) == ["BAD_USER_INPUT"]
        assert "unknown unit id 'NOPE'" in body["errors"][0]["message"]


@pytest.mark.parametrize("bad_date", ["2021-13-01", "yesterday", "2021-02-30", ""])
def test_bad_date_literal(graphql: GraphQL, bad_date: str) -> None:
    body = graphql(f'{{ organization(asOf: "{bad_date}") {{ asOf }} }}')

    assert body["data"] is None
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "Date" in body["errors"][0]["message"]


def test_bad_date_variable(graphql: GraphQL) -> None:
    body = graphql("query($asOf: Date!) { organization(asOf: $asOf) { asOf } }", asOf="2021-13-01")

    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "month must be in 1..12" in body["errors"][0]["message"]


def test_bad_and_naive_as_known_at(graphql: GraphQL) -> None:
    bad = graphql('{ organization(asOf: "2015-01-01", asKnownAt: "soon") { asOf } }')
    naive = graphql('{ organization(asOf: "2015-01-01", asKnownAt: "2020-01-01T00:00:00") { asOf } }')

    at_query = 'query($at: DateTime) { organization(asOf: "2015-01-01", asKnownAt: $at) { asOf } }'
    out_of_range = graphql(at_query, at="0001-01-01T00:00:00+14:00")  # before the year 1 in UTC

    assert error_codes(bad) == error_codes(naive) == error_codes(out_of_range) == ["BAD_USER_INPUT"]
    assert "time zone" in naive["errors"][0]["message"]


def test_from_after_to(graphql: GraphQL) -> None:
    body = graphql('{ changes(from: "2020-01-01", to: "2019-01-01") { unitId } }')

    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "after `to`" in body["errors"][0]["message"]


def test_query_too_deep(graphql: GraphQL) -> None:
    nested = "id"
    for _ in range(MAX_DEPTH):
        nested = f"children {{ {nested} }}"
    body = graphql(f'{{ organization(asOf: "2015-01-01") {{ roots {{ {nested} }} }} }}')

    assert error_codes(body) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "maximum operation depth" in body["errors"][0]["message"]


def test_too_many_aliases(graphql: GraphQL) -> None:
    fields = " ".join(f'a{i}: issuance(symbol: "X") {{ symbol }}' for i in range(MAX_ALIASES + 1))
    body = graphql(f"{{ {fields} }}")

    assert error_codes(body) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "aliases" in body["errors"][0]["message"]


def test_too_many_tokens(graphql: GraphQL) -> None:
    fields = " ".join('issuance(symbol: "X") { symbol }' for _ in range(MAX_TOKENS // 5))
    body = graphql(f"{{ {fields} }}")

    assert error_codes(body) == ["GRAPHQL_PARSE_FAILED"]
    assert "tokens" in body["errors"][0]["message"]


def test_syntax_error_and_unknown_field(graphql: GraphQL) -> None:
    assert error_codes(graphql("{ organization(")) == ["GRAPHQL_PARSE_FAILED"]
    assert error_codes(graphql("{ organisation { asOf } }")) == ["GRAPHQL_VALIDATION_FAILED"]


def test_a_query_text_is_parsed_once_and_its_syntax_errors_still_labelled(graphql: GraphQL) -> None:
    parsed = ParseOnce().cached_parse_document
    query = "query($s: String!) { issuance(symbol: $s) { symbol } }"
    graphql(query, s="ST/SGB/2010/9")
    hits = parsed.cache_info().hits
    assert graphql(query, s="ST/SGB/2019/2")["data"]["issuance"]["symbol"] == "ST/SGB/2019/2"
    assert parsed.cache_info().hits == hits + 1  # another answer (not kept), the same document
    for _ in range(2):
        assert error_codes(graphql("{ issuance(")) == ["GRAPHQL_PARSE_FAILED"]


class BrokenReadModel(FakeReadModel):
    def changes(self, after: date, until: date, known_at: str | None = None) -> list[ChangeView]:
        raise RuntimeError("password=hunter2 in /srv/secret.py")


def test_unexpected_errors_are_masked() -> None:
    body = run_query(BrokenReadModel(), '{ changes(from: "2010-01-01", to: "2020-01-01") { unitId } }')

    assert error_codes(body) == ["INTERNAL_SERVER_ERROR"]
    assert "hunter2" not in str(body)
    assert body["errors"][0]["message"] == "Unexpected error. It has been logged."


def test_expected_errors_are_not_logged_as_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    run_query(FakeReadModel(), '{ unit(id: "NOPE", asOf: "2015-01-01") { id } }')

    assert not [r for r in caplog.records if r.exc_info or r.levelname == "ERROR"]


def test_empty_query() -> None:
    assert error_codes(run_query(FakeReadModel(), "")) == ["GRAPHQL_PARSE_FAILED"]


def test_a_crash_outside_the_resolvers_is_masked_too() -> None:
    crash = GraphQLError("secret", original_error=RuntimeError("secret"))  # as strawberry wraps one
    refused_variable = GraphQLError("Variable '$d' has invalid value", original_error=GraphQLError("bad"))

    assert not is_expected(crash)
    assert is_expected(refused_variable)
