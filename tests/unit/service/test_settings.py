from __future__ import annotations

from pathlib import Path

import pytest

from service.settings import SettingsError, StoreSettings

GOOD = [
    ("sqlite:///sgb.sqlite", {"backend": "sqlite", "sqlite_path": Path("sgb.sqlite")}),
    (
        "sqlite:////var/lib/sgb/store.sqlite",
        {"backend": "sqlite", "sqlite_path": Path("/var/lib/sgb/store.sqlite")},
    ),
    (
        "postgresql://sgb:secret@db.local:6543/sgb",
        {
            "backend": "postgresql",
            "host": "db.local",
            "port": 6543,
            "user": "sgb",
            "password": "secret",
            "dbname": "sgb",
            "schema": "public",
        },
    ),
    ("postgresql://postgres@127.0.0.1/test?schema=t_1", {"dbname": "test", "schema": "t_1", "port": 5432}),
]


@pytest.mark.parametrize(("url", "expected"), GOOD)
def test_database_urls(url: str, expected: dict[str, object]) -> None:
    settings = StoreSettings.from_url(url)
    assert {key: getattr(settings, key) for key in expected} == expected


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("mysql://root@localhost/x", "unsupported"),
        ("sqlite://", "file path"),
        ("sqlite:///:memory:", "in-memory"),
        ("sqlite://host/x.sqlite", "sqlite:///"),
    ],
)
def test_bad_database_urls_say_what_to_write(url: str, problem: str) -> None:
    with pytest.raises(SettingsError, match=problem):
        StoreSettings.from_url(url)


def test_each_store_gets_its_persistence_module() -> None:
    assert StoreSettings.from_url("sqlite:///a.sqlite").eventsourcing_env()["PERSISTENCE_MODULE"] == (
        "eventsourcing.sqlite"
    )
    postgres = StoreSettings.from_url("postgresql://u@h/d?schema=s")
    assert postgres.eventsourcing_env()["POSTGRES_SCHEMA"] == "s"
    assert postgres.migrations_url() == "postgresql+psycopg://u@h:5432/d?schema=s"
