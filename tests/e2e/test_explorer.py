"""The explorer page in a real headless Chromium, against `sgb serve` on an SQLite store with the corpus.

Needs Playwright for Python and a Chromium (Debian's /usr/bin/chromium; `playwright install` is not used).
Without them the test skips locally and FAILS in CI (CI set). Screenshots go to tests/e2e/artifacts/.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.test_http import _free_port

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


@contextlib.contextmanager
def running_server(store: Path, **env: str) -> Iterator[str]:
    """`sgb serve` on an SQLite store (recording the corpus first when empty); yields its base URL."""
    port = _free_port()
    environment = {**os.environ, "SGB_DATABASE_URL": f"sqlite:///{store}", **env}
    process = subprocess.Popen(
        [sys.executable, "-m", "service", "serve", "--port", str(port)],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while not _healthy(base):
            if process.poll() is not None:
                pytest.fail(f"sgb serve exited early:\n{process.stdout.read() if process.stdout else ''}")
            if time.monotonic() > deadline:
                pytest.fail("sgb serve did not answer /healthz within 120 s")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz", timeout=1).status_code == 200
    except httpx.TransportError:
        return False


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
    with running_server(tmp_path / "sgb.sqlite") as base:
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
