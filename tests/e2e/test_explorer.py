"""The explorer page in a real headless Chromium, against `sgb serve` on an SQLite store with the corpus.

Needs Playwright for Python and a Chromium (Debian's /usr/bin/chromium; `playwright install` is not used).
Without them the test skips locally and FAILS in CI (CI set). Screenshots go to tests/e2e/artifacts/.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.server import running_server

CHROMIUM = os.environ.get("SGB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).parent / "artifacts"
DPKO_OFFICES = ("行动厅", "军事厅", "法治和安全机构厅")
DFS_DIVISIONS = ("后勤支助司", "外勤人事司", "外勤预算和财务司", "信息和通信技术司")


def missing(reason: str) -> None:
    """Skip locally, fail in CI: there the browser test must run for real."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required in CI: pip install playwright; apt-get install chromium)")
    pytest.skip(reason)


@pytest.fixture
def browser_page() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright for Python is not installed")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        missing(f"no Chromium at {CHROMIUM}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport={"width": 1400, "height": 1000})
        finally:
            browser.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    with running_server(f"sqlite:///{tmp_path / 'sgb.sqlite'}") as base:
        yield base


def _set_date(page: Any, day: str) -> None:
    page.fill("#date", day)
    page.dispatch_event("#date", "change")
    page.wait_for_selector(f'#chart[data-date="{day}"]')


def _chart_names(page: Any) -> set[str]:
    return set(page.locator("#chart .unit:visible").all_inner_texts())


def test_the_explorer_shows_the_organisation_as_of_a_date(server: str, browser_page: Any) -> None:
    page = browser_page
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))
    page.goto(f"{server}/explorer")
    page.wait_for_selector("#timeline .tl-row")
    ARTIFACTS.mkdir(exist_ok=True)

    _set_date(page, "2010-02-01")
    names = _chart_names(page)
    assert set(DPKO_OFFICES) <= names
    assert not set(DFS_DIVISIONS) & names
    assert int(page.input_value("#slider")) >= 1  # the slider follows the date
    page.screenshot(path=str(ARTIFACTS / "explorer-2010-02-01.png"), full_page=True)

    _set_date(page, "2010-03-04")
    names = _chart_names(page)
    assert set(DPKO_OFFICES) <= names and set(DFS_DIVISIONS) <= names
    page.screenshot(path=str(ARTIFACTS / "explorer-2010-03-04.png"), full_page=True)

    page.locator("#chart .unit", has_text="后勤支助司").first.click()
    page.wait_for_selector('[data-testid="unit-history"] tr[data-change="ESTABLISHED"]')
    established = page.locator(
        '[data-testid="unit-history"] tr[data-change="ESTABLISHED"]'
    ).first.inner_text()
    assert "2010-03-04" in established and "ST/SGB/2010/2" in established and "§" in established
    detail = page.inner_text("#detail")
    assert (
        "ST/SGB/2010/2 §8.1" in detail and "后勤支助司由司长领导" in detail
    )  # the paragraph behind the fact
    page.locator("#detail").screenshot(path=str(ARTIFACTS / "explorer-unit-detail.png"))

    page.click("#diff-run")
    page.wait_for_selector('[data-testid="diff-summary"]')
    assert page.locator("#diff li.added", has_text="后勤支助司").count() == 1
    page.locator("#diff-panel").screenshot(path=str(ARTIFACTS / "explorer-diff.png"))
    assert errors == []


def test_the_slider_walks_the_change_points(server: str, browser_page: Any) -> None:
    page = browser_page
    page.goto(f"{server}/explorer")
    page.wait_for_selector("#chart[data-date]")
    page.fill("#slider", "0")
    page.dispatch_event("#slider", "input")
    first_point = page.evaluate("state.points[0]")
    page.wait_for_selector(f'#chart[data-date="{first_point}"]')
    assert page.input_value("#date") == first_point
