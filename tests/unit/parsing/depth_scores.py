"""Scores of the extraction in depth against the hand-annotated fixtures: functions, lines across units,
shared resources, post movements, staffing, past establishments, proposals and renames.

Functions are compared per unit and paragraph by their *number of items* (the fixtures were counted by
hand); where a fixture also writes the item texts out (the fictional bulletins), the texts must match
exactly — that is checked by ``test_extraction_depth``. Lines are compared by paragraph, subject post,
kind and counterpart posts; shared resources by paragraph, unit names and departments served; post
movements by count, origin, destination and grades.
"""

from __future__ import annotations

from typing import Any

from service.parsing import ParsedDocument


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def precision_recall(want: set[Any], got: set[Any]) -> tuple[float, float]:
    found = want & got
    return ratio(len(found), len(got)), ratio(len(found), len(want))


def _grades(grades: list[dict[str, Any]]) -> tuple[tuple[str, int], ...]:
    return tuple((g["grade"], g["count"]) for g in grades)


def function_sets(expected: dict[str, Any], parsed: ParsedDocument) -> tuple[set[Any], set[Any]]:
    want = {(f["unit"], f["paragraph"], f["count"]) for f in expected.get("functions", [])}
    got = {(f.unit_key, f.location.paragraph, len(f.items)) for f in parsed.functions}
    return want, got


def line_sets(expected: dict[str, Any], parsed: ParsedDocument) -> tuple[set[Any], set[Any]]:
    want = {(x["paragraph"], x["from"], x["kind"], tuple(x["to"])) for x in expected.get("lines", [])}
    got = {(x.location.paragraph, x.from_post, x.kind.value, x.to_posts) for x in parsed.lines}
    return want, got


def shared_sets(expected: dict[str, Any], parsed: ParsedDocument) -> tuple[set[Any], set[Any]]:
    want = {
        (s["paragraph"], tuple(s["units"]), tuple(s["shared_by"]))
        for s in expected.get("shared_resources", [])
    }
    got = {(s.location.paragraph, s.unit_names, s.shared_by) for s in parsed.shared_resources}
    return want, got


def movement_sets(expected: dict[str, Any], parsed: ParsedDocument) -> tuple[set[Any], set[Any]]:
    want = {
        (m["count"], m["from"], m["to"], _grades(m["grades"])) for m in expected.get("post_movements", [])
    }
    got = {
        (m.count, m.from_unit, m.to_unit, tuple((g.grade, g.count) for g in m.grades))
        for m in parsed.post_movements
    }
    return want, got


def staffing_ok(expected: dict[str, Any], parsed: ParsedDocument) -> bool:
    want = {
        (s["period"], s["total"], s["proposed"], _grades(s["grades"])) for s in expected.get("staffing", [])
    }
    got = {
        (s.period, s.total, s.proposed, tuple((g.grade, g.count) for g in s.grades)) for s in parsed.staffing
    }
    return want == got


def establishments_ok(expected: dict[str, Any], parsed: ParsedDocument) -> bool:
    fields = ("key", "unit", "kind", "parent", "established_on", "authority", "paragraph")
    want = {tuple(e[f] for f in fields) for e in expected.get("past_establishments", [])}
    got = {
        (
            e.unit_key,
            e.unit_name,
            e.kind.value,
            e.parent_key,
            e.established_on,
            e.authority,
            e.location.paragraph,
        )
        for e in parsed.past_establishments
    }
    return want == got


def proposals_ok(expected: dict[str, Any], parsed: ParsedDocument) -> bool:
    want = {(p["paragraph"], p["unit"], p["post"], p["parent"]) for p in expected.get("proposals", [])}
    got = {(p.location.paragraph, p.unit_name, p.post, p.parent_name) for p in parsed.proposals}
    return want == got


def renames_ok(expected: dict[str, Any], parsed: ParsedDocument) -> bool:
    want = {(r["old"], r["new"], r["key"], r["paragraph"]) for r in expected.get("renames", [])}
    got = {(r.old_name, r.new_name, r.unit_key, r.location.paragraph) for r in parsed.renames}
    return want == got


def depth_scores(expected: dict[str, Any], parsed: ParsedDocument) -> dict[str, Any]:
    fn_p, fn_r = precision_recall(*function_sets(expected, parsed))
    line_p, line_r = precision_recall(*line_sets(expected, parsed))
    shared_p, shared_r = precision_recall(*shared_sets(expected, parsed))
    move_p, move_r = precision_recall(*movement_sets(expected, parsed))
    others = (staffing_ok, establishments_ok, proposals_ok, renames_ok)
    return {
        "fn P": fn_p,
        "fn R": fn_r,
        "line P": line_p,
        "line R": line_r,
        "share P": shared_p,
        "share R": shared_r,
        "move P": move_p,
        "move R": move_r,
        "other": "ok" if all(check(expected, parsed) for check in others) else "DIFF",
    }
