"""The domain imports only the standard library and eventsourcing.domain (DESIGN.md §3). import-linter
cannot forbid one submodule of an external package while allowing another, so this test does."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import events

ALLOWED = {"eventsourcing.domain", "events"}


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_the_domain_imports_only_the_standard_library_and_eventsourcing_domain() -> None:
    for path in Path(events.__file__).parent.glob("*.py"):
        for module in imported_modules(path):
            top = module.split(".")[0]
            allowed = module in ALLOWED or top == "events" or top in sys.stdlib_module_names
            assert allowed, f"{path.name} imports {module}"
