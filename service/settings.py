"""Store selection: one setting, SGB_DATABASE_URL, chooses SQLite (a file) or PostgreSQL."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

DEFAULT_DATABASE_URL = "sqlite:///sgb.sqlite"
DATABASE_URL_VARIABLE = "SGB_DATABASE_URL"


class SettingsError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class StoreSettings:
    """Where events and read models live. ``schema`` (PostgreSQL only) isolates one store per schema."""

    backend: str  # "sqlite" | "postgresql"
    sqlite_path: Path | None = None
    host: str = "127.0.0.1"
    port: int = 5432
    user: str = "postgres"
    password: str = ""
    dbname: str = "postgres"
    schema: str = "public"

    @classmethod
    def from_url(cls, url: str) -> StoreSettings:
        parts = urlsplit(url)
        if parts.scheme == "sqlite":
            path = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
            if parts.netloc:
                raise SettingsError(
                    f"{DATABASE_URL_VARIABLE}: write sqlite:///relative.sqlite or "
                    f"sqlite:////absolute/path.sqlite, not {url!r}"
                )
            if not path or path == ":memory:":
                raise SettingsError(
                    f"{DATABASE_URL_VARIABLE}: SQLite needs a file path (an in-memory "
                    "database cannot be shared by the API's threads)"
                )
            return cls(backend="sqlite", sqlite_path=Path(path))
        if parts.scheme in ("postgresql", "postgres", "postgresql+psycopg"):
            query = parse_qs(parts.query)
            return cls(
                backend="postgresql",
                host=parts.hostname or "127.0.0.1",
                port=parts.port or 5432,
                user=unquote(parts.username or "postgres"),
                password=unquote(parts.password or ""),
                dbname=(parts.path.lstrip("/") or "postgres"),
                schema=query.get("schema", ["public"])[0],
            )
        raise SettingsError(
            f"{DATABASE_URL_VARIABLE}: unsupported URL {url!r}; use sqlite:///path.sqlite or "
            "postgresql://user@host:port/db"
        )

    @classmethod
    def from_environment(cls) -> StoreSettings:
        return cls.from_url(os.environ.get(DATABASE_URL_VARIABLE, DEFAULT_DATABASE_URL))

    def eventsourcing_env(self) -> dict[str, str]:
        """The environment the eventsourcing Application reads its persistence settings from."""
        if self.backend == "sqlite":
            assert self.sqlite_path is not None
            return {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": str(self.sqlite_path),
                "SQLITE_LOCK_TIMEOUT": "30",
            }
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": self.dbname,
            "POSTGRES_HOST": self.host,
            "POSTGRES_PORT": str(self.port),
            "POSTGRES_USER": self.user,
            "POSTGRES_PASSWORD": self.password,
            "POSTGRES_SCHEMA": self.schema,
            "POSTGRES_ENABLE_DB_FUNCTIONS": "y",
        }

    def postgres_conninfo(self) -> str:
        return (
            f"host={self.host} port={self.port} dbname={self.dbname} "
            f"user={self.user} password={self.password}"
        )

    def migrations_url(self) -> str:
        """The URL yoyo-migrations uses for the read-model schema."""
        if self.backend == "sqlite":
            assert self.sqlite_path is not None
            return f"sqlite:///{self.sqlite_path}"
        auth = self.user + (f":{self.password}" if self.password else "")
        return f"postgresql+psycopg://{auth}@{self.host}:{self.port}/{self.dbname}?schema={self.schema}"

    def describe(self) -> str:
        if self.backend == "sqlite":
            return f"SQLite file {self.sqlite_path}"
        return f"PostgreSQL {self.user}@{self.host}:{self.port}/{self.dbname} (schema {self.schema})"
