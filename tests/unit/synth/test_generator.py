"""The synthetic-history generator: deterministic, ground truth in the parser's key scheme, and the parser
recovers it (the benchmark measures the whole S1 history; this is a small one)."""

from __future__ import annotations

import itertools
import json
import tomllib
from pathlib import Path

import pytest

from service.ingest import read_manifest
from service.synth import Bulletin, generate, write_corpus
from service.synth.recovery import score


@pytest.fixture(scope="module")
def small() -> list[Bulletin]:
    return generate("S1", seed=3, departments=4, years=12)


def test_the_same_seed_writes_the_same_history(small: list[Bulletin]) -> None:
    again = generate("S1", seed=3, departments=4, years=12)
    assert [b.text for b in again] == [b.text for b in small]
    assert [b.truth() for b in again] == [b.truth() for b in small]
    other = generate("S1", seed=4, departments=4, years=12)
    assert [b.text for b in other] != [b.text for b in small]


def test_ground_truth_shape(small: list[Bulletin]) -> None:
    symbols = [b.symbol for b in small]
    assert len(set(symbols)) == len(symbols)
    for bulletin in small:
        keys = {u.key for u in bulletin.units}
        assert len(keys) == len(bulletin.units)
        roots = [u for u in bulletin.units if u.parent is None]
        assert [r.key for r in roots] == [bulletin.department]
        assert all(u.parent in keys for u in bulletin.units if u.parent is not None)
        assert {h.unit for h in bulletin.heads} <= keys
        assert bulletin.effective_on >= bulletin.issued_on
        # generic offices repeat: keyed under their parent; every other name is unique in its department
        for unit in bulletin.units:
            if unit.parent is not None and "/" in unit.key[len(bulletin.department) + 1 :]:
                assert unit.key == f"{unit.parent}/{unit.name}"


def test_each_bulletin_abolishes_the_department_s_previous_one(small: list[Bulletin]) -> None:
    by_department: dict[str, list[Bulletin]] = {}
    for bulletin in small:
        by_department.setdefault(bulletin.department, []).append(bulletin)
    for history in by_department.values():
        assert history[0].abolitions == ()
        for earlier, later in itertools.pairwise(history):
            assert earlier.symbol in {a.target for a in later.abolitions}
            assert later.effective_on > earlier.effective_on


def test_history_grows_with_the_scale_but_not_the_organisation() -> None:
    s1 = generate("S1", seed=5, departments=3, years=10)
    s10 = generate("S10", seed=5, departments=3, years=10)
    assert len(s10) > 5 * len(s1)
    latest_s1 = {b.department: len(b.units) for b in s1}
    latest_s10 = {b.department: len(b.units) for b in s10}
    for department, count in latest_s1.items():
        assert 0.5 * count <= latest_s10[department] <= 2 * count


def test_the_parser_recovers_the_ground_truth(small: list[Bulletin]) -> None:
    result = score([b.truth() for b in small], {b.file: b.text.encode() for b in small})
    assert result.unit_recall >= 0.99, result.misses
    assert result.parent_recall >= 0.99, result.misses
    assert result.head_recall >= 0.99, result.misses
    assert result.date_recall == 1.0, result.misses
    assert result.abolition_recall == 1.0, result.misses


def test_written_corpus_reads_as_a_manifest_directory(small: list[Bulletin], tmp_path: Path) -> None:
    write_corpus(small[:5], tmp_path)
    manifest = tomllib.loads((tmp_path / "manifest.toml").read_text(encoding="utf-8"))
    assert [d["symbol"] for d in manifest["document"]] == [b.symbol for b in small[:5]]
    requests = read_manifest(tmp_path)
    assert all(r.path.exists() for r in requests)
    truths = [
        json.loads(line) for line in (tmp_path / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert [t["symbol"] for t in truths] == [b.symbol for b in small[:5]]
    assert set(truths[0]) >= {"symbol", "units", "heads", "effective_on", "abolitions"}
