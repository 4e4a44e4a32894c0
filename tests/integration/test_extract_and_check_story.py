"""`sgb extract` shows what would be recorded and records nothing; `sgb check` reports what a careful
reader would question, each finding with its paragraphs, and says so in its exit code. Once per store."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import corpus
from service.bootstrap import open_sgb
from service.cli import cli
from service.projections.store import READ_MODEL_TABLES
from service.settings import StoreSettings

DPKO = corpus.DIRECTORY / "documents/001_5efb66621bdcb8d7.txt"


@pytest.fixture
def run(store_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("SGB_DATABASE_URL", store_url)
    return CliRunner()


def test_extract_shows_what_would_be_recorded_and_records_nothing(run: CliRunner, store_url: str) -> None:
    result = run.invoke(cli, ["extract", str(DPKO), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["metadata"]["symbol"] == "ST/SGB/2010/1"  # from the manifest next to the file
    assert doc["metadata"]["sources"]["effective_on"] == "text"
    kinds = {p["kind"] for p in doc["provisions"]}
    assert {"UNIT_DEFINED", "HEAD_DEFINED", "NAME_RESOLVED", "ABOLISHES"} <= kinds
    [department] = doc["units"]
    assert department["name"] == "维持和平行动部" and department["children"]
    [why] = [r for r in doc["resolutions"] if r["paragraph"] == "7.1"]
    assert why["name"] == "行动厅" and why["unit_id"].endswith("军事厅")
    assert any("行动厅" in w["message"] for w in doc["warnings"])

    text = run.invoke(cli, ["extract", str(DPKO)])
    assert text.exit_code == 0 and "ST/SGB/2010/1" in text.output and "军事厅" in text.output

    sgb = open_sgb(StoreSettings.from_url(store_url))
    try:
        assert sgb.app.max_position() == 0
        assert all(not sgb.store.query(f"SELECT 1 FROM {table}") for table in READ_MODEL_TABLES)
    finally:
        sgb.close()


def test_extract_refuses_what_it_cannot_understand(run: CliRunner, tmp_path: object) -> None:
    result = run.invoke(cli, ["extract", "/nonexistent/bulletin.txt"])
    assert result.exit_code == 1
    assert "bulletin.txt" in result.output


def test_check_reports_findings_with_paragraphs_and_exit_code(run: CliRunner, store_url: str) -> None:
    empty = run.invoke(cli, ["check"])
    assert (empty.exit_code, empty.output.strip()) == (0, "0 finding(s)")

    sgb = open_sgb(StoreSettings.from_url(store_url))
    try:
        sgb.ingest_bundled_corpus()
    finally:
        sgb.close()
    result = run.invoke(cli, ["check", "--json"])
    assert result.exit_code == 1
    findings = json.loads(result.output)
    # DPKO §9.2 cites ST/SGB/2000/9 under the title of the political-affairs bulletin.
    [titles] = [f for f in findings if f["kind"] == "TITLE_VARIANTS" and f["subject"] == "政治事务部的组织"]
    assert {"symbol": "ST/SGB/2010/1", "paragraph": "9.2"} in titles["places"]
    assert "ST/SGB/2000/9" in titles["message"] and "ST/SGB/2009/13" in titles["message"]
    assert all(f["places"] or f["kind"] == "PARENT_CYCLE" for f in findings)
    text = run.invoke(cli, ["check"])
    assert text.exit_code == 1 and "§9.2" in text.output
