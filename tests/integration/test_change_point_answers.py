"""The response cache's premise, checked on the real schema and corpus: under `organization(asOf)` and
`unit(asOf)`, every field but those declared in `EXACT_DATE_FIELDS` answers the same on every day of a
change point. A new field that reads the exact date fails here until it is declared."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from graphql import GraphQLObjectType, GraphQLSchema, get_named_type, is_leaf_type, is_non_null_type
from graphql.pyutils import Undefined

from service.api.date_dependence import EXACT_DATE_FIELDS
from service.api.schema import schema
from service.bootstrap import Sgb, answer
from service.ingest import DocumentRequest
from service.parsing import Hints
from tests.conftest import FIXTURES

# in force from 2011-05-17, within a change point: it abolishes an unrecorded bulletin and defines no unit
NO_UNITS = FIXTURES / "documents/st-sgb-2011-7-archives-no-units.txt"

DEPTH = 3


def every_field(graphql_schema: GraphQLSchema, type_name: str, depth: int) -> str:
    """A selection of every field of the type that needs no argument, `depth` object levels down."""
    owner = graphql_schema.get_type(type_name)
    assert isinstance(owner, GraphQLObjectType)
    selected = []
    for name, field in owner.fields.items():
        needs_argument = any(
            is_non_null_type(a.type) and a.default_value is Undefined for a in field.args.values()
        )
        if needs_argument or (type_name, name) in EXACT_DATE_FIELDS:
            continue
        inner = get_named_type(field.type)
        if is_leaf_type(inner):
            selected.append(name)
        elif depth > 0 and isinstance(inner, GraphQLObjectType):
            selected.append(f"{name} {{ {every_field(graphql_schema, inner.name, depth - 1)} }}")
    return " ".join(selected)


def days_of_each_change_point(sgb: Sgb) -> list[tuple[date, date]]:
    points = sgb.read_model.change_points()
    last = (points[-1], points[-1] + timedelta(days=365 * 20))  # the last point holds from then on
    return [(start, end - timedelta(days=1)) for start, end in pairwise(points)] + [last]


def ask(sgb: Sgb, query: str, day: date) -> Any:
    result = answer(sgb, query, {"d": day.isoformat()})
    assert "errors" not in result, result["errors"]
    return result["data"]


def test_every_field_under_an_as_of_root_is_the_same_on_each_day_of_a_change_point(sgb: Sgb) -> None:
    sgb.ingest_bundled_corpus()
    sgb.ingestor.ingest([DocumentRequest(NO_UNITS, Hints())])
    organization = every_field(schema._schema, "Organization", DEPTH)
    unit = every_field(schema._schema, "Unit", DEPTH)
    query = f"query($d: Date!) {{ organization(asOf: $d) {{ {organization} }} }}"
    pairs = days_of_each_change_point(sgb)
    assert len(pairs) >= 3
    for first, last in pairs:
        assert ask(sgb, query, first) == ask(sgb, query, last), (first, last)
    some_units = [u["id"] for u in ask(sgb, query, pairs[-1][0])["organization"]["units"]][:5]
    assert some_units
    for unit_id in some_units:
        one = f'query($d: Date!) {{ unit(id: "{unit_id}", asOf: $d) {{ {unit} }} }}'
        for first, last in pairs:
            assert ask(sgb, one, first) == ask(sgb, one, last), (unit_id, first, last)
