from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import corpus
from service.ingest import expand, read_manifest
from service.parsing import DocumentError, Hints


def test_the_bundled_manifest_lists_every_document_with_its_metadata() -> None:
    requests = read_manifest(corpus.DIRECTORY)
    assert len(requests) == 5
    assert all(r.path.exists() for r in requests)
    budget = next(r for r in requests if r.hints.kind == "budget")
    assert (budget.hints.issued_on, budget.hints.effective_on) == ("2017-04", date(2018, 1, 1))


@pytest.mark.parametrize(
    ("manifest", "problem"),
    [
        ("[[document]]\nsymbol = 'X'\n", "has no 'file'"),
        ("[[document]]\nfile = 'a.txt'\nissued = '2010-01-01'\n", "unknown keys: issued"),
        ("[[document]]\nfile = 'a.txt'\neffective_on = '2010-02-30'\n", "bad date"),
        ("[[document]\n", "not valid TOML"),
    ],
)
def test_a_bad_manifest_names_itself_and_the_problem(tmp_path: Path, manifest: str, problem: str) -> None:
    (tmp_path / "manifest.toml").write_text(manifest, "utf-8")
    with pytest.raises(DocumentError, match=problem) as refused:
        read_manifest(tmp_path)
    assert "manifest.toml" in str(refused.value)


def test_flags_override_the_manifest_and_a_symbol_names_one_document(tmp_path: Path) -> None:
    [request] = expand([corpus.DIRECTORY / "documents/003_5ae6548718701211.txt"], Hints(title="T"))
    assert request.hints.title == "T"
    with pytest.raises(DocumentError, match="one document"):
        expand([corpus.DIRECTORY], Hints(symbol="ST/SGB/2013/5"))
    with pytest.raises(DocumentError, match=r"without a manifest\.toml"):
        expand([tmp_path], Hints())
