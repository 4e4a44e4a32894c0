"""Shared fixtures of the parsing tests, and the extraction-quality table printed after the run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from service.parsing import ParsedDocument, parse_document
from service.parsing.model import Hints

QUALITY_ROWS: pytest.StashKey[list[dict[str, object]]] = pytest.StashKey()
ROOT = Path(__file__).resolve().parents[3]


def pytest_configure(config: pytest.Config) -> None:
    config.stash[QUALITY_ROWS] = []


@pytest.fixture
def quality_rows(request: pytest.FixtureRequest) -> list[dict[str, object]]:
    return request.config.stash[QUALITY_ROWS]


@pytest.fixture
def parse_text() -> Callable[..., ParsedDocument]:
    """Parse a string as a document (UTF-8), with optional hints."""

    def parse(text: str, source_name: str = "test.txt", hints: Hints | None = None) -> ParsedDocument:
        return parse_document(text.encode("utf-8"), source_name, hints or Hints())

    return parse


def _percent(value: object) -> str:
    return f"{value:6.1%}" if isinstance(value, float) else f"{value!s:>6}"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    rows = config.stash.get(QUALITY_ROWS, [])
    if not rows:
        return
    columns = ["units", "unit P", "unit R", "parent", "heads", "head P", "head R", "reports", "abol."]
    columns += ["fn P", "fn R", "line P", "line R", "share P", "share R", "move P", "move R", "other"]
    terminalreporter.section("extraction quality (hand-annotated fixtures)")
    terminalreporter.write_line(f"{'document':<36}" + "".join(f"{c:>8}" for c in columns))
    for row in sorted(rows, key=lambda r: str(r["document"])):
        cells = "".join(f"{_percent(row[c]):>8}" for c in columns)
        terminalreporter.write_line(f"{row['document']!s:<36}{cells}")
