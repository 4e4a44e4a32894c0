"""No query issues a store query per object: counted on the bundled corpus, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from starlette.testclient import TestClient

from service.api import create_app, run_query
from service.api.recording import DocumentSubmission, RecordingOutcome
from service.bootstrap import Sgb
from service.projections.queries import ReadModel
from service.projections.store import ReadStore

EVERY_UNIT = """query ($day: Date!) { organization(asOf: $day) {
  units { id name kind parent { id name } head { title reportsTo }
          sources { section paragraph text issuance { symbol title status(asOf: $day) } } }
  inForce { symbol abolishedBy { by { symbol } } } } }"""


class CountingStore:
    """The store with its `query` method counted."""

    def __init__(self, store: ReadStore) -> None:
        self.store = store
        self.settings = store.settings
        self.count = 0

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        self.count += 1
        return self.store.query(sql, params)


def _queries_for(sgb: Sgb, query: str, **variables: Any) -> tuple[int, dict[str, Any]]:
    counting = CountingStore(sgb.store)
    result = run_query(ReadModel(counting), query, variables)  # type: ignore[arg-type]  # a cold read model
    assert "errors" not in result, result
    return counting.count, result["data"]


@pytest.fixture
def corpus_sgb(sgb: Sgb) -> Sgb:
    sgb.ingest_bundled_corpus()
    return sgb


def test_every_unit_with_parent_head_and_sources_costs_the_same_few_queries(corpus_sgb: Sgb) -> None:
    counts = {}
    for day in ("2000-01-01", "2010-01-01", "2010-03-04", "2013-08-05"):
        counts[day], data = _queries_for(corpus_sgb, EVERY_UNIT, day=day)
        counts[day, "units"] = len(data["organization"]["units"])
    assert counts["2000-01-01", "units"] == 0 < counts["2010-01-01", "units"] < counts["2010-03-04", "units"]
    # Before the first change point there are no units to read at all: one query fewer.
    per_day = {counts[d] for d in ("2010-01-01", "2010-03-04", "2013-08-05")}
    assert len(per_day) == 1, counts  # independent of the number of units
    assert counts["2000-01-01"] <= per_day.pop() <= 12, counts


def test_provisions_of_every_document_in_force_cost_one_query(corpus_sgb: Sgb) -> None:
    few, _ = _queries_for(corpus_sgb, '{ organization(asOf: "2010-03-04") { inForce { symbol } } }')
    many, data = _queries_for(
        corpus_sgb,
        '{ organization(asOf: "2010-03-04") { inForce { symbol provisions(first: 500) { totalCount } } } }',
    )
    assert len(data["organization"]["inForce"]) > 1
    assert many == few + 1


def test_the_batched_catalogue_agrees_with_issuances(corpus_sgb: Sgb) -> None:
    read_model = corpus_sgb.read_model
    assert read_model.all_issuances() == read_model.issuances()


def test_record_document_with_the_token_goes_through_the_recorder(corpus_sgb: Sgb) -> None:
    received: list[DocumentSubmission] = []

    def recorder(document: DocumentSubmission) -> RecordingOutcome:
        received.append(document)
        return RecordingOutcome("ST/SGB/2010/2", False, 0, corpus_sgb.projector.position())

    app = create_app(corpus_sgb.read_model, recorder=recorder, api_token="s3cret")
    mutation = {
        "query": 'mutation { recordDocument(text: "全文", kind: "bulletin") { symbol issuance { title } } }'
    }
    with TestClient(app) as client:
        wrong = client.post("/graphql", json=mutation, headers={"Authorization": "Bearer nope"}).json()
        assert wrong["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED" and not received
        right = client.post("/graphql", json=mutation, headers={"Authorization": "Bearer s3cret"}).json()
    assert right["data"]["recordDocument"]["symbol"] == "ST/SGB/2010/2"
    assert right["data"]["recordDocument"]["issuance"]["title"]
    assert received == [DocumentSubmission("全文", kind="bulletin")]


def test_a_request_reads_the_projector_position_once_and_nothing_else_when_warm(corpus_sgb: Sgb) -> None:
    counting = CountingStore(corpus_sgb.store)
    unit = "query($id: ID!, $d: Date!) { unit(id: $id, asOf: $d) { id name parent { id } } }"
    with TestClient(create_app(ReadModel(counting))) as client:  # type: ignore[arg-type]

        def ask(query: str, **variables: str) -> dict[str, Any]:
            request = {"query": query, "variables": variables}
            answer: dict[str, Any] = client.post("/graphql", json=request).json()
            assert "errors" not in answer, answer
            return answer["data"]

        units = ask("query($d: Date!) { organization(asOf: $d) { units { id } } }", d="2010-03-04")
        first, second = (u["id"] for u in units["organization"]["units"][:2])
        ask(unit, id=first, d="2010-03-04")
        before = counting.count
        assert ask(unit, id=second, d="2011-05-06")["unit"]["id"] == second  # same change point, not kept
    assert counting.count - before == 1
