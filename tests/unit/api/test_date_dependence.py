"""Which `asOf` variables a response cache may replace by their change point: a table of queries."""

from __future__ import annotations

import pytest

from service.api.date_dependence import analyse
from service.api.schema import schema

ORG = "query($d: Date!) { organization(asOf: $d) { %s } }"

CASES = [
    # (query, change-point variables)
    (ORG % "units { id name kind parent { id } }", {"d"}),
    (ORG % "validFrom validTo rows { id parentId }", {"d"}),
    ('query($d: Date!) { unit(id: "OHR", asOf: $d) { id children { id } } }', {"d"}),
    ('query($d: Date!) { ...F } fragment F on Query { unit(id: "x", asOf: $d) { id } }', {"d"}),
    # the answer echoes the date, or lists what is in force on exactly that day
    (ORG % "asOf units { id }", set()),
    (ORG % "inForce { symbol }", set()),
    ("query($d: Date!) { organization(asOf: $d) { ...O } } fragment O on Organization { asOf }", set()),
    # the variable is also used where its exact value matters
    (ORG % "units { sources { issuance { status(asOf: $d) } } }", set()),
    (
        "query($d: Date!) { organization(asOf: $d) { units { id } } changes(from: $d, to: $d) { unitId } }",
        set(),
    ),
    # another recorded time has other change points
    ("query($d: Date!) { organization(asOf: $d, asKnownAt: null) { units { id } } }", set()),
    # root fields that do not answer from the organisation state
    ("query($d: Date!) { issuances(inForceOn: $d) { totalCount } }", set()),
    ('{ organization(asOf: "2010-01-01") { units { id } } }', set()),
]


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_change_point_variables(query: str, expected: set[str]) -> None:
    shape = analyse(schema._schema, query, None)
    assert shape is not None and shape.is_query
    assert shape.change_point_variables == expected


def test_mutations_are_not_queries_and_unparsable_documents_have_no_shape() -> None:
    mutation = analyse(schema._schema, 'mutation { recordDocument(text: "x") { symbol } }', None)
    assert mutation is not None and not mutation.is_query
    assert analyse(schema._schema, "{ organization(", None) is None
    assert analyse(schema._schema, "query A { changePoints } query B { changePoints }", None) is None
    named = analyse(schema._schema, "query A { changePoints } query B { changePoints }", "B")
    assert named is not None and named.is_query
