"""The container deployment, checked without a Docker engine.

docker-compose.yml and the Dockerfile cannot be run here, so this checks what can go wrong without one:
the compose file parses, its services refer to each other consistently, every container runs an `sgb`
subcommand (and options) that the installed `sgb` really has, and the image's entry point is `sgb`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"

EXPECTED_SERVICES = {"postgres", "migrate", "ingest", "projector", "api"}
SGB_SERVICES = ("migrate", "ingest", "projector", "api")
DATABASE_URL = "postgresql://sgb:sgb@postgres:5432/sgb"
DEPENDS_ON_CONDITIONS = {"service_started", "service_healthy", "service_completed_successfully"}


def _compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict), "docker-compose.yml is not a YAML mapping"
    return data


def _services() -> dict[str, dict[str, Any]]:
    services = _compose().get("services")
    assert isinstance(services, dict), "docker-compose.yml has no `services:` mapping"
    return services


def _command(service: str) -> list[str]:
    command = _services()[service].get("command")
    assert isinstance(command, list), (
        f"service {service!r}: `command` must be an exec-form list (the image's ENTRYPOINT is sgb), "
        f"got {command!r}"
    )
    assert command, f"service {service!r}: `command` is empty"
    return [str(part) for part in command]


def _depends_on(service: str) -> dict[str, dict[str, Any]]:
    depends = _services()[service].get("depends_on", {})
    if isinstance(depends, list):  # the short form: a list of names
        return {name: {"condition": "service_started"} for name in depends}
    assert isinstance(depends, dict), f"service {service!r}: depends_on is neither a list nor a mapping"
    return depends


def _dockerfile_instruction(name: str) -> list[str]:
    """The JSON (exec-form) argument of the last NAME instruction of the final stage."""
    found: str | None = None
    for line in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        match = re.match(rf"\s*{name}\s+(.*)$", line, re.IGNORECASE)
        if match:
            found = match.group(1).strip()
    assert found is not None, f"Dockerfile has no {name} instruction"
    try:
        value = json.loads(found)
    except json.JSONDecodeError:
        pytest.fail(f"Dockerfile {name} must be in exec form (a JSON list), got: {found}")
    assert isinstance(value, list), f"Dockerfile {name} must be a JSON list, got: {found}"
    return [str(part) for part in value]


def _sgb_executable() -> str:
    """The `sgb` console script of the environment running the tests (else PATH's); skip if none."""
    beside_python = Path(sys.executable).with_name("sgb")
    if beside_python.is_file() and os.access(beside_python, os.X_OK):
        return str(beside_python)
    on_path = shutil.which("sgb")
    if on_path:
        return on_path
    reason = "the `sgb` executable is not installed (pip install -e .), so its subcommands cannot be checked"
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"CI: {reason}")
    pytest.skip(reason)


def _sgb_help(arguments: list[str]) -> str:
    environment = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
    try:
        result = subprocess.run(
            [_sgb_executable(), *arguments, "--help"],
            capture_output=True,
            text=True,
            timeout=120,
            env=environment,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"`sgb {' '.join(arguments)} --help` did not finish within 120 s")
    assert result.returncode == 0, (
        f"`sgb {' '.join(arguments)} --help` exited {result.returncode}: "
        "the subcommand is missing or broken.\n"
        f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    )
    return result.stdout


def test_compose_file_parses_and_defines_the_services() -> None:
    services = _services()
    missing = EXPECTED_SERVICES - services.keys()
    assert not missing, f"docker-compose.yml lacks the services {sorted(missing)}"


@pytest.mark.parametrize("service", SGB_SERVICES)
def test_sgb_services_use_the_sgb_image_and_the_postgres_store(service: str) -> None:
    definition = _services()[service]
    assert definition.get("build") in (".", {"context": "."}), (
        f"service {service!r} should be built from the repository's Dockerfile (build: .)"
    )
    environment = definition.get("environment")
    if isinstance(environment, list):  # the KEY=VALUE list form
        environment = dict(item.split("=", 1) for item in environment)
    assert isinstance(environment, dict), f"service {service!r} has no environment"
    assert environment.get("SGB_DATABASE_URL") == DATABASE_URL


def test_the_database_url_names_the_postgres_service() -> None:
    host = urlsplit(DATABASE_URL).hostname
    assert host in _services(), f"SGB_DATABASE_URL's host {host!r} is not a service of docker-compose.yml"


@pytest.mark.parametrize("service", sorted(EXPECTED_SERVICES))
def test_depends_on_refers_to_defined_services(service: str) -> None:
    services = _services()
    for dependency, options in _depends_on(service).items():
        assert dependency in services, f"service {service!r} depends on {dependency!r}, which is not defined"
        assert dependency != service, f"service {service!r} depends on itself"
        condition = (options or {}).get("condition", "service_started")
        assert condition in DEPENDS_ON_CONDITIONS, f"service {service!r}: unknown condition {condition!r}"
        if condition == "service_healthy":
            assert "healthcheck" in services[dependency], (
                f"service {service!r} waits for {dependency!r} to be healthy, but it has no healthcheck"
            )


def test_the_deployment_starts_in_order() -> None:
    assert _depends_on("migrate")["postgres"]["condition"] == "service_healthy"
    assert _depends_on("ingest")["migrate"]["condition"] == "service_completed_successfully"
    assert _depends_on("api")["postgres"]["condition"] == "service_healthy"
    assert _command("projector") == ["project", "--follow"]


def test_postgres_service() -> None:
    postgres = _services()["postgres"]
    assert str(postgres["image"]).startswith("postgres:15")
    assert "pg_isready" in " ".join(map(str, postgres["healthcheck"]["test"]))
    environment = postgres["environment"]
    url = urlsplit(DATABASE_URL)
    assert (environment["POSTGRES_USER"], environment["POSTGRES_PASSWORD"], environment["POSTGRES_DB"]) == (
        url.username,
        url.password,
        url.path.lstrip("/"),
    )
    named_volumes = _compose().get("volumes") or {}
    for mount in postgres.get("volumes", []):
        source = str(mount).split(":", 1)[0]
        if not source.startswith((".", "/")):
            assert source in named_volumes, f"postgres mounts the volume {source!r}, not declared in volumes:"


def test_api_publishes_port_8000() -> None:
    api = _services()["api"]
    assert "8000:8000" in [str(port) for port in api.get("ports", [])]
    assert _command("api")[:1] == ["serve"]


def test_dockerfile_entrypoint_is_sgb() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert re.search(r"^FROM\s+python:3\.11-slim\b", text, re.MULTILINE), "the image must be python:3.11-slim"
    assert _dockerfile_instruction("ENTRYPOINT") == ["sgb"]
    assert _dockerfile_instruction("CMD") == ["serve", "--host", "0.0.0.0", "--port", "8000"]


def test_what_the_image_build_copies_exists_and_builds_the_package() -> None:
    """Every file a COPY from the build context names is in the repository, and with them the build has what
    the package needs: the packages pyproject.toml names, and setup.py (it compiles the modules)."""
    copied: set[str] = set()
    for line in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\s*COPY\s+(?!--from)(.+)$", line, re.IGNORECASE)
        if match:
            *sources, _destination = match.group(1).split()
            copied.update(source.rstrip("/") for source in sources)
    missing = sorted(source for source in copied if not (ROOT / source).exists())
    assert not missing, f"the Dockerfile copies what the repository does not hold: {missing}"
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages = {name.rstrip("*") for name in pyproject["tool"]["setuptools"]["packages"]["find"]["include"]}
    needed = {"pyproject.toml", "setup.py", pyproject["project"]["readme"], *packages}
    assert needed <= copied, f"the image build does not copy {sorted(needed - copied)}"


def _commands_to_check() -> list[Any]:
    params = [
        pytest.param(f"docker-compose.yml service {service!r}", _command(service), id=service)
        for service in SGB_SERVICES
    ]
    params.append(pytest.param("Dockerfile CMD", _dockerfile_instruction("CMD"), id="Dockerfile-CMD"))
    return params


@pytest.mark.parametrize(("where", "command"), _commands_to_check())
def test_each_command_is_an_sgb_subcommand_with_those_options(where: str, command: list[str]) -> None:
    subcommand = command[0]
    assert not subcommand.startswith("-"), f"{where}: `sgb {' '.join(command)}` names no subcommand"
    help_text = _sgb_help([subcommand])
    for option in (part.split("=", 1)[0] for part in command[1:] if part.startswith("--")):
        assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", help_text), (
            f"{where}: runs `sgb {' '.join(command)}`, "
            f"but `sgb {subcommand} --help` does not list {option}:\n{help_text}"
        )
