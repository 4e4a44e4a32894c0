"""Every migration ships in the package (a non-editable install, as in the Docker image, reads them from
there): each file of migrations/sql matches a package-data pattern of pyproject.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path

from migrations import SQL_DIRECTORY

PYPROJECT = Path(__file__).parents[3] / "pyproject.toml"


def test_every_migration_file_is_package_data() -> None:
    patterns = tomllib.loads(PYPROJECT.read_text("utf-8"))["tool"]["setuptools"]["package-data"]["migrations"]
    package = SQL_DIRECTORY.parent
    shipped = {path for pattern in patterns for path in package.glob(pattern)}
    migrations = {p for p in SQL_DIRECTORY.iterdir() if p.suffix in {".sql", ".py"}}
    assert migrations and migrations <= shipped, sorted(str(p) for p in migrations - shipped)
