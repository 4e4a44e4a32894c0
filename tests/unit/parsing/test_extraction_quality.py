"""Extraction quality against hand-annotated fixtures (tests/fixtures/extraction/*.json).

Each fixture was written by reading its document, not from the parser's output. Per document: precision
and recall of units (by key), parent accuracy over the units found, heads (by unit and post) and their
reporting lines, abolitions, and the metadata. The table is printed at the end of the run.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from depth_scores import depth_scores

from service.parsing import ParsedDocument, parse_document
from service.parsing.model import Hints

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = sorted((ROOT / "tests/fixtures/extraction").glob("*.json"))


def _hints(raw: dict[str, Any]) -> Hints:
    effective = raw.get("effective_on")
    return Hints(
        symbol=raw.get("symbol"),
        kind=raw.get("kind"),
        title=raw.get("title"),
        issued_on=raw.get("issued_on"),
        effective_on=date.fromisoformat(effective) if effective else None,
    )


def _load(path: Path) -> tuple[dict[str, Any], ParsedDocument]:
    expected = json.loads(path.read_text(encoding="utf-8"))
    document = ROOT / expected["document"]
    return expected, parse_document(document.read_bytes(), document.name, _hints(expected["hints"]))


def load(path: Path) -> tuple[dict[str, Any], ParsedDocument]:
    return _load(path)


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def _scores(expected: dict[str, Any], parsed: ParsedDocument) -> dict[str, Any]:
    want_units = {u["key"]: u for u in expected["units"]}
    got_units = {u.key: u for u in parsed.units}
    found = want_units.keys() & got_units.keys()
    parents_right = sum(1 for key in found if got_units[key].parent_key == want_units[key]["parent"])
    want_heads = {(h["unit"], h["post"]): tuple(h["reports_to"]) for h in expected["heads"]}
    got_heads = {(h.unit_key, h.post): h.reports_to for h in parsed.heads}
    heads_found = want_heads.keys() & got_heads.keys()
    reports_right = sum(1 for key in heads_found if got_heads[key] == want_heads[key])
    want_abolitions = {
        (a["target"], tuple(a["sections"]), a["cited_title"], a["cited_on"]) for a in expected["abolitions"]
    }
    got_abolitions = {(a.target_symbol, a.sections, a.cited_title, a.cited_on) for a in parsed.abolitions}
    return {
        "units": len(want_units),
        "unit P": _ratio(len(found), len(got_units)),
        "unit R": _ratio(len(found), len(want_units)),
        "parent": _ratio(parents_right, len(found)),
        "heads": len(want_heads),
        "head P": _ratio(len(heads_found), len(got_heads)),
        "head R": _ratio(len(heads_found), len(want_heads)),
        "reports": _ratio(reports_right, len(heads_found)),
        "abol.": "ok" if want_abolitions == got_abolitions else "DIFF",
        "missing units": sorted(want_units.keys() - got_units.keys()),
        "extra units": sorted(got_units.keys() - want_units.keys()),
        "wrong parents": sorted(k for k in found if got_units[k].parent_key != want_units[k]["parent"]),
        **depth_scores(expected, parsed),
    }


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_extraction_quality(path: Path, quality_rows: list[dict[str, object]]) -> None:
    expected, parsed = _load(path)
    scores = _scores(expected, parsed)
    quality_rows.append({"document": path.stem, **scores})
    detail = {k: scores[k] for k in ("missing units", "extra units", "wrong parents")}
    if expected["department"]:
        # Every organisation bulletin, seeds and fictional: structure, lines and functions.
        assert scores["unit R"] >= 0.95, detail
        assert scores["parent"] >= 0.95, detail
        for column in ("line P", "line R", "fn P", "fn R"):
            assert scores[column] >= 0.90, (column, scores)
    assert scores["other"] == "ok"
    assert min(scores["share P"], scores["share R"], scores["move P"], scores["move R"]) >= 0.90, scores
    if expected["units"]:
        assert scores["unit P"] >= 0.95, detail
        assert scores["head R"] >= 0.90
        assert scores["head P"] >= 0.90
    else:
        assert parsed.units == ()
    assert scores["abol."] == "ok", parsed.abolitions


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_metadata_matches_annotation(path: Path) -> None:
    expected, parsed = _load(path)
    metadata = parsed.metadata
    effective = metadata.effective_on.isoformat() if metadata.effective_on else None
    assert (metadata.symbol, metadata.kind, metadata.issued_on) == (
        expected["symbol"],
        expected["kind"],
        expected["issued_on"],
    )
    assert effective == expected["effective_on"]
    assert metadata.effective_on_issue == expected["effective_on_issue"]
    assert parsed.department == expected["department"]


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_citations_resolutions_and_warnings(path: Path) -> None:
    expected, parsed = _load(path)
    got = {(c.target_symbol, c.relation.value, c.amended_by) for c in parsed.citations}
    for citation in expected["citations"]:
        assert (citation["target"], citation["relation"], citation.get("amended_by")) in got
    assert all(c.target_symbol != parsed.metadata.symbol for c in parsed.citations)
    resolutions = {(r.name, r.unit_key) for r in parsed.resolutions}
    for resolution in expected["resolutions"]:
        assert (resolution["name"], resolution["unit"]) in resolutions
    messages = " ".join(w.message for w in parsed.warnings)
    for name in expected["warnings_mention"]:
        assert name in messages
