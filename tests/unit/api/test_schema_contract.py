"""The schema keeps every name DESIGN.md §4 promises, and the catalogue agrees with ReadModel.status."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from graphql import GraphQLEnumType, GraphQLObjectType, GraphQLSchema, build_schema

from service.api.schema import schema
from service.projections.queries import ReadModel
from service.projections.status import issuance_status
from tests.unit.api.fake_read_model import ABOLITION, ISSUANCES

# DESIGN.md §4, plus the decided issue-date fields: "field(arg: Type, ...): Type" per type.
CONTRACT = {
    "Query": [
        "organization(asOf: Date!, asKnownAt: DateTime): Organization!",
        "unit(id: ID!, asOf: Date!, asKnownAt: DateTime): Unit",
        "issuance(symbol: String!): Issuance",
        "unitHistory(id: ID!): [UnitChange!]!",
        "changes(from: Date!, to: Date!, asKnownAt: DateTime): [UnitChange!]!",
    ],
    "Organization": [
        "asOf: Date!",
        "validFrom: Date",
        "validTo: Date",
        "units: [Unit!]!",
        "roots: [Unit!]!",
        "inForce: [Issuance!]!",
    ],
    "Unit": [
        "id: ID!",
        "name(lang: Lang): String",
        "aliases: [String!]!",
        "kind: UnitKind!",
        "parent: Unit",
        "children: [Unit!]!",
        "head: Post",
        "functions: [String!]!",
        "validFrom: Date!",
        "validTo: Date",
        "sources: [Provenance!]!",
    ],
    "Post": ["title: String!", "reportsTo: [String!]!"],
    "Provenance": ["issuance: Issuance!", "section: String", "paragraph: String", "text: String"],
    "Issuance": [
        "symbol: String!",
        "title: String",
        "kind: String!",
        "issuedOn: Date",
        "effectiveOn: Date",
        "recorded: Boolean!",
        "status(asOf: Date!): String!",
        "abolishes: [Abolition!]!",
        "abolishedBy: [Abolition!]!",
        "issued: String",
        "issuedPrecision: DatePrecision",
    ],
    "Abolition": ["by: Issuance!", "target: Issuance!", "sections: [String!]!", "effectiveOn: Date"],
    "UnitChange": [
        "effectiveOn: Date!",
        "change: String!",
        "unitId: ID!",
        "name: String",
        "before: String",
        "after: String",
        "source: Provenance",
    ],
}
ENUMS = {
    "Lang": ["ZH", "EN"],
    "UnitKind": ["DEPARTMENT", "OFFICE", "DIVISION", "SERVICE", "SECTION", "UNIT", "TEAM", "CENTRE", "OTHER"],
}
_FIELD = re.compile(r"(?P<name>\w+)(?:\((?P<args>[^)]*)\))?: (?P<type>\S+)")


@pytest.fixture(scope="module")
def sdl_schema() -> GraphQLSchema:
    return build_schema(schema.as_str())


@pytest.mark.parametrize(("type_name", "field"), [(t, f) for t, fields in CONTRACT.items() for f in fields])
def test_sdl_has_contract_field(sdl_schema: GraphQLSchema, type_name: str, field: str) -> None:
    spec = _FIELD.fullmatch(field)
    assert spec is not None
    graphql_type = sdl_schema.get_type(type_name)
    assert isinstance(graphql_type, GraphQLObjectType)
    found = graphql_type.fields.get(spec["name"])

    assert found is not None, f"{type_name}.{spec['name']} is missing"
    assert str(found.type) == spec["type"]
    for argument in filter(None, (spec["args"] or "").split(", ")):
        name, type_text = argument.split(": ")
        assert name in found.args, f"{type_name}.{spec['name']}({name}:) is missing"
        assert str(found.args[name].type) == type_text


def test_sdl_has_contract_scalars_and_enums(sdl_schema: GraphQLSchema) -> None:
    assert {"Date", "DateTime"} <= set(sdl_schema.type_map)
    for enum_name, members in ENUMS.items():
        enum_type = sdl_schema.get_type(enum_name)
        assert isinstance(enum_type, GraphQLEnumType)
        assert list(enum_type.values) == members
    assert "name(lang: Lang = ZH): String" in schema.as_str()


class _AbolitionsOnly:
    """Just enough of a ReadModel for its `status` method, which asks only for the abolitions."""

    def abolitions(self, *, target: str | None = None, **_: Any) -> list[Any]:
        return [ABOLITION] if target == ABOLITION.target else []


@pytest.mark.parametrize("as_of", [date(2000, 1, 1), date(2018, 12, 31), date(2019, 1, 1), date(2030, 1, 1)])
def test_catalogue_status_agrees_with_read_model(as_of: date) -> None:
    for issuance in ISSUANCES.values():
        against = [ABOLITION] if issuance.symbol == ABOLITION.target else []

        expected = ReadModel.status(_AbolitionsOnly(), issuance, as_of)  # type: ignore[arg-type]
        assert issuance_status(issuance, against, as_of) == expected
