"""Fixtures shared by the integration and end-to-end tests: one store per test, on SQLite and PostgreSQL.

PostgreSQL tests find their server through SGB_TEST_POSTGRES_URL (default: the local trust-auth server).
Each test gets its own schema, dropped afterwards. Outside CI an unreachable server skips them; in CI
(CI=true) it fails them: there they must run, for real.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from service.bootstrap import Sgb, open_sgb
from service.settings import StoreSettings

POSTGRES_URL = os.environ.get("SGB_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
FIXTURES = Path(__file__).parent / "fixtures"


def _postgres_or_skip() -> None:
    try:
        psycopg.connect(POSTGRES_URL, connect_timeout=3).close()
    except psycopg.OperationalError as error:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI but unreachable at {POSTGRES_URL}: {error}")
        pytest.skip(f"PostgreSQL unreachable at {POSTGRES_URL}")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL for an empty store of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'sgb.sqlite'}"
        return
    _postgres_or_skip()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{POSTGRES_URL}?schema={schema}"
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def sgb(store_url: str) -> Iterator[Sgb]:
    opened = open_sgb(StoreSettings.from_url(store_url))
    try:
        yield opened
    finally:
        opened.close()
