"""The catalogue of issuances is not loaded again after each recording: the last one is extended with what
was recorded since. After every recording, in either order (a document cited before it is recorded, or
after), with corrections between, the extended catalogue must be the one a load gives, its issuances in the
same order."""

from __future__ import annotations

from pathlib import Path

import pytest

import corpus
from service.api import catalog
from service.api.catalog import Catalog, CatalogCache, load_catalog
from service.bootstrap import Sgb
from service.ingest import DocumentRequest, expand, read_manifest
from service.ingest.corrections import read_corrections
from service.parsing import Hints
from service.synth import generate, write_corpus
from tests.conftest import FIXTURES

ABOLISHING = FIXTURES / "documents/st-sgb-2012-9-abolishes-dfs.txt"
DSS_CORRECTIONS = corpus.DIRECTORY / "corrections/st-sgb-2013-5.toml"


def _in_order(found: Catalog) -> tuple[object, ...]:
    """All of it, and its issuances in their order (they are listed, and paged, in it)."""
    return list(found.issuances.items()), found


def _counting_loads(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    loads: list[object] = []

    def counted(*args: object) -> Catalog:
        loads.append(args)
        return load_catalog(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(catalog, "load_catalog", counted)
    return loads


def _bundled() -> list[DocumentRequest]:
    found = [DocumentRequest(r.path, r.hints) for r in expand([corpus.DIRECTORY], Hints())]
    return [*found, DocumentRequest(ABOLISHING, Hints())]


@pytest.mark.parametrize("order", ["as issued", "newest first"])
def test_the_catalogue_extended_after_each_recording_is_the_one_loaded(
    sgb: Sgb, monkeypatch: pytest.MonkeyPatch, order: str
) -> None:
    documents = _bundled()
    if order == "newest first":  # each one's citations name documents not recorded yet
        documents.reverse()
    cache = CatalogCache()
    loads = _counting_loads(monkeypatch)
    for number, document in enumerate(documents):
        sgb.ingestor.ingest([document])
        if number == len(documents) // 2:
            sgb.ingestor.correct(read_corrections(DSS_CORRECTIONS))
        assert _in_order(cache.get(sgb.read_model, None)) == _in_order(load_catalog(sgb.read_model, None))
    assert len(loads) == 1  # the first; every later one was extended


_CITING = """{symbol}

{day}

秘书长公报

测试事务部的组织

秘书长为确立测试事务部的职能和组织结构，特颁布如下：

第 1 节

一般规定

1.1 {clause}

1.2 测试事务部由主管测试事务副秘书长领导。

1.3 本公报自发布之日起生效。

秘书长

(签名)
"""


def test_a_document_cited_first_without_its_title_and_date_takes_them_from_a_later_citation(
    sgb: Sgb, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cache = CatalogCache()
    loads = _counting_loads(monkeypatch)
    citing = "本公报应与 ST/SGB/2030/7 号秘书长公报一并适用。"
    abolishing = "2030 年 5 月 1 日题为“测试事务部的组织”的 ST/SGB/2030/7 号秘书长公报特此废止。"
    for number, clause in enumerate([citing, abolishing, citing], start=1):
        path = tmp_path / f"{number}.txt"
        day = f"2031 年 1 月 {number} 日"
        path.write_text(_CITING.format(symbol=f"ST/SGB/2031/{number}", day=day, clause=clause))
        sgb.ingestor.ingest([DocumentRequest(path, Hints())])
        extended = cache.get(sgb.read_model, None)
        assert _in_order(extended) == _in_order(load_catalog(sgb.read_model, None))
        found = extended.issuances["ST/SGB/2030/7"]
        assert not found.recorded
        assert (found.title, found.issued_on) == (
            (None, None) if number == 1 else ("测试事务部的组织", "2030-05-01")
        )
    assert len(loads) == 1


def test_a_synthetic_history_recorded_a_few_bulletins_at_a_time(
    sgb: Sgb, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Bulletins that abolish earlier ones, whole or by section, and cite two documents never recorded."""
    write_corpus(generate("S10", seed=5, departments=2, years=4), tmp_path)
    requests = read_manifest(tmp_path)
    cache = CatalogCache()
    loads = _counting_loads(monkeypatch)
    for start in range(0, len(requests), 7):
        sgb.ingestor.ingest(requests[start : start + 7])
        extended = cache.get(sgb.read_model, None)
        assert _in_order(extended) == _in_order(load_catalog(sgb.read_model, None))
    assert len(loads) == 1
    assert any(not i.recorded for i in extended.issuances.values())
    made = [a for by_issuer in extended.abolitions_by_issuer.values() for a in by_issuer]
    sources = [(a.source.symbol, a.source.seq) for a in made]
    assert any(p.section for p in sgb.read_model.passages(sources).values())
