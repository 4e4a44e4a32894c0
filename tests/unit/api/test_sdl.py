"""The checked-in schema.graphql is the live schema: a change to the API shows up in review as an SDL diff."""

from __future__ import annotations

import difflib
from pathlib import Path

from graphql import build_schema, find_breaking_changes

from service.api.sdl import REGENERATE, sdl

CHECKED_IN = Path(__file__).parents[3] / "schema.graphql"


def test_schema_graphql_is_the_live_schema() -> None:
    checked_in = CHECKED_IN.read_text(encoding="utf-8")
    live = sdl()
    diff = "".join(
        difflib.unified_diff(
            checked_in.splitlines(keepends=True), live.splitlines(keepends=True), "schema.graphql", "live"
        )
    )
    assert checked_in == live, f"schema.graphql is out of date; regenerate it with `{REGENERATE}`:\n{diff}"


def test_the_live_schema_breaks_nothing_in_schema_graphql() -> None:
    breaking = find_breaking_changes(
        build_schema(CHECKED_IN.read_text(encoding="utf-8")), build_schema(sdl())
    )
    assert breaking == [], f"breaking changes against schema.graphql (regenerate: `{REGENERATE}`): {breaking}"
