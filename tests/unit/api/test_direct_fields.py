"""The fields graphql-core resolves directly (`direct_fields`) answer as strawberry's own resolvers do, for
every way of giving their arguments; a field whose resolver needs strawberry's path is refused."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import strawberry

from service.api.app import ApiContext, name_table
from service.api.direct_fields import NotDirectlyResolvableError, resolve_directly
from service.api.enums import Lang
from service.api.schema import schema, strawberry_schema
from tests.unit.api.fake_read_model import FakeReadModel

DIRECT = ("name", "parent", "children", "validFromPrecision")
NAMES = {"人力资源厅": "Office of Human Resources"}
QUERIES = [
    ("{ organization(asOf: $asOf) { units { id name } } }", {}),
    ("{ organization(asOf: $asOf) { units { id name(lang: ZH) } } }", {}),
    ("{ organization(asOf: $asOf) { units { id name(lang: EN) } } }", {}),
    ("{ organization(asOf: $asOf) { units { id name(lang: null) } } }", {}),
    ("{ organization(asOf: $asOf) { units { id name(lang: $lang) } } }", {"lang": "EN"}),
    ("{ organization(asOf: $asOf) { units { id name(lang: $lang) } } }", {"lang": "ZH"}),
    ("{ organization(asOf: $asOf) { units { id name(lang: $lang) } } }", {"lang": None}),
    ("{ organization(asOf: $asOf) { units { id name(lang: $lang) } } }", {}),
    ("{ organization(asOf: $asOf) { units { id parent { id name parent { id } } } } }", {}),
    ("{ organization(asOf: $asOf) { roots { id children { id name(lang: EN) children { id } } } } }", {}),
    ('{ unit(id: "OHR", asOf: $asOf) { name en: name(lang: EN) parent { name } children { id } } }', {}),
    ("{ organization(asOf: $asOf) { units { id validFrom validFromPrecision validTo } } }", {}),
]


def _answer(on: strawberry.Schema, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    declared = "$asOf: Date!, $lang: Lang" if "$lang" in query else "$asOf: Date!"
    operation = f"query({declared}) {query}"
    context = ApiContext(FakeReadModel(), name_table(NAMES)).for_request(None)
    result = asyncio.run(on.execute(operation, variable_values=variables, context_value=context))
    assert result.errors is None, result.errors
    assert result.data is not None
    return result.data


@pytest.mark.parametrize(("query", "variables"), QUERIES)
@pytest.mark.parametrize("as_of", ["2018-12-31", "2019-01-01"])
def test_a_direct_field_answers_as_strawberry_resolves_it(
    query: str, variables: dict[str, Any], as_of: str
) -> None:
    expected = _answer(strawberry_schema(), query, {**variables, "asOf": as_of})
    assert _answer(schema, query, {**variables, "asOf": as_of}) == expected
    assert expected != _answer(strawberry_schema(), query, {**variables, "asOf": "1990-01-01"})  # not empty


def test_the_api_resolves_them_directly() -> None:
    for name in DIRECT:
        resolver = schema._schema.type_map["Unit"].fields[name].resolve  # type: ignore[attr-defined]
        assert resolver is not None and resolver.__qualname__.startswith("_direct."), name


@strawberry.type
class Probe:
    plain: str = "plain"

    @strawberry.field
    def in_lang(self, lang: Lang = Lang.ZH) -> str:
        return lang.value

    @strawberry.field
    def with_info(self, info: strawberry.Info) -> str:
        return "info"

    @strawberry.field
    async def later(self) -> str:
        return "later"

    @strawberry.field
    def with_text(self, text: str) -> str:
        return text

    @strawberry.field
    def camel(self, some_lang: Lang) -> str:
        return some_lang.value


@strawberry.type
class ProbeQuery:
    @strawberry.field
    def probe(self) -> Probe:
        return Probe()


@pytest.mark.parametrize(
    ("field", "problem"),
    [
        ("plain", "has no resolver"),
        ("with_info", "asks for the info"),
        ("later", "is not a synchronous method"),
        ("with_text", "takes an argument other than an enum"),
        ("camel", "takes an argument other than an enum named as in Python"),
    ],
)
def test_a_field_that_needs_strawberrys_path_is_refused(field: str, problem: str) -> None:
    with pytest.raises(NotDirectlyResolvableError, match=problem):
        resolve_directly(strawberry.Schema(query=ProbeQuery), Probe, [field])


def test_an_enum_argument_arrives_as_its_member() -> None:
    probes = strawberry.Schema(query=ProbeQuery)
    resolve_directly(probes, Probe, ["in_lang"])
    result = probes.execute_sync("{ probe { a: inLang b: inLang(lang: EN) } }")
    assert result.errors is None and result.data == {"probe": {"a": "zh", "b": "en"}}
