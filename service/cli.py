"""The ``sgb`` command."""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from service.application import ConflictingSourceError
from service.bootstrap import CatchUpError, Sgb, StoreUnavailableError, answer, open_sgb, web_app
from service.ingest import expand
from service.parsing import DocumentError, Hints
from service.progress import DocumentProgress, RebuildProgress
from service.settings import SettingsError

cli = typer.Typer(
    help="The UN Secretariat's organisation as of any date, from the documents that shaped it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)


def _fail(message: str, code: int = 1) -> typer.Exit:
    # soft_wrap: a long path must stay whole on its line; escape: file names may contain [brackets].
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def _open(catch_up: bool = True) -> Sgb:
    try:
        return open_sgb(catch_up=catch_up)
    except (SettingsError, StoreUnavailableError) as error:
        raise _fail(str(error), 2) from None
    except CatchUpError as error:
        raise _fail(str(error)) from None


def _date(value: str | None, flag: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=flag) from None


@cli.command()
def ingest(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Text files, or directories with a manifest.toml. None: the bundled corpus."),
    ] = None,
    symbol: Annotated[str | None, typer.Option(help="The document's symbol, e.g. ST/SGB/2010/2.")] = None,
    kind: Annotated[str | None, typer.Option(help="bulletin | budget | report | resolution | other")] = None,
    title: Annotated[str | None, typer.Option(help="The document's title.")] = None,
    issued_on: Annotated[str | None, typer.Option(help="Issue date, YYYY-MM-DD (or YYYY-MM).")] = None,
    effective_on: Annotated[str | None, typer.Option(help="Entry into force, YYYY-MM-DD.")] = None,
) -> None:
    """Record documents. Metadata the text states is read from it; flags fill in or override it."""
    import corpus

    overrides = Hints(
        symbol=symbol,
        kind=kind,
        title=title,
        issued_on=issued_on,
        effective_on=_date(effective_on, "--effective-on"),
    )
    sgb = _open()
    try:
        requests = expand(paths or [corpus.DIRECTORY], overrides)
        started = time.perf_counter()
        with DocumentProgress(len(requests), err) as advance:
            report = sgb.ingestor.ingest(requests, on_progress=advance)
        elapsed = time.perf_counter() - started
    except (DocumentError, ConflictingSourceError) as error:
        raise _fail(f"{error}\nnothing was recorded.") from None
    finally:
        sgb.close()
    unchanged = len(report.outcomes) - report.recorded
    print(
        f"recorded {report.recorded} document(s), {report.events} event(s); {unchanged} already recorded "
        f"unchanged ({elapsed:.2f} s)"
    )
    corrected = [o for o in report.corrections if o.recorded]
    if corrected:
        print(
            f"recorded {sum(o.event_count for o in corrected)} correction(s) of {len(corrected)} document(s)"
        )
    for problem in report.unmatched:
        err.print(f"[yellow]correction not recorded:[/] {problem}", highlight=False)


@cli.command()
def query(
    document: Annotated[str, typer.Argument(help="A GraphQL query.")],
    variables: Annotated[str | None, typer.Option(help="Variables as a JSON object.")] = None,
) -> None:
    """Run one GraphQL query against the store and print the JSON result."""
    try:
        parsed = json.loads(variables) if variables else None
    except json.JSONDecodeError as error:
        raise typer.BadParameter(f"not JSON: {error}", param_hint="--variables") from None
    if parsed is not None and not isinstance(parsed, dict):
        raise typer.BadParameter("must be a JSON object", param_hint="--variables")
    sgb = _open()
    try:
        result = answer(sgb, document, parsed)
    finally:
        sgb.close()
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if result.get("errors"):
        raise typer.Exit(1)


@cli.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the GraphQL API, with GraphiQL at /graphql. An empty store first records the bundled corpus."""
    import uvicorn

    sgb = _open()
    if sgb.is_empty():
        report = sgb.ingest_bundled_corpus()
        err.print(
            f"empty store: recorded the bundled corpus ({report.recorded} documents, {report.events} events)"
        )
    err.print(f"store: {sgb.settings.describe()}; GraphQL at http://{host}:{port}/graphql")
    try:
        uvicorn.run(web_app(sgb), host=host, port=port, log_level="info")
    finally:
        sgb.close()


@cli.command()
def synth(
    out_dir: Annotated[Path, typer.Argument(help="Where to write documents/, manifest.toml, truth.jsonl.")],
    scale: Annotated[str, typer.Option(help="S1 (the Secretariat), S10 or S100 (more history).")] = "S1",
    seed: Annotated[int, typer.Option(help="Random seed: the same seed writes the same history.")] = 1,
    departments: Annotated[int, typer.Option(help="Number of departments.")] = 40,
    years: Annotated[int, typer.Option(help="Years of history, ending in 2023.")] = 30,
) -> None:
    """Write a synthetic history of bulletins in the seeds' style, with its ground truth."""
    from service.synth import SCALES, generate, write_corpus

    if scale not in SCALES:
        raise typer.BadParameter(f"{scale!r}: use one of {', '.join(SCALES)}", param_hint="--scale")
    started = time.perf_counter()
    bulletins = generate(scale, seed=seed, departments=departments, years=years)
    write_corpus(bulletins, out_dir, f"scale {scale}, seed {seed}, {departments} departments, {years} years")
    units = sum(len(b.units) for b in bulletins)
    print(
        f"wrote {len(bulletins)} bulletins ({units} unit definitions) to {out_dir} "
        f"({time.perf_counter() - started:.1f} s)"
    )


@cli.command()
def rebuild() -> None:
    """Replay every read model from the event log."""
    # Not brought up to date first: the rebuild replaces them whatever they hold, and a catch-up that could
    # not go on (read models damaged) would stop it.
    sgb = _open(catch_up=False)
    try:
        started = time.perf_counter()
        with RebuildProgress(sgb.app.max_position(), err) as progress:
            count = sgb.projector.rebuild(progress)
        print(f"rebuilt the read models from {count} issuance(s) ({time.perf_counter() - started:.2f} s)")
    finally:
        sgb.close()


@cli.command()
def migrate() -> None:
    """Create or upgrade the read-model schema (done automatically by every other command too), and nothing
    else: projecting is `sgb project`'s."""
    sgb = _open(catch_up=False)
    sgb.close()
    print(f"schema up to date: {sgb.settings.describe()}")


@cli.command()
def project(
    follow: Annotated[bool, typer.Option(help="Keep following the event log.")] = False,
    interval: Annotated[float, typer.Option(help="Seconds between polls when following.")] = 1.0,
) -> None:
    """Bring the read models up to date with the event log (the projector as its own process)."""
    sgb = _open()
    try:
        while True:
            count = sgb.projector.catch_up()
            if count:
                print(f"projected {count} issuance(s); position {sgb.projector.position()}", flush=True)
            if not follow:
                break
            time.sleep(interval)
    except KeyboardInterrupt:
        pass
    finally:
        sgb.close()


@cli.command()
def extract(
    path: Annotated[Path, typer.Argument(help="A text file to parse.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
    symbol: Annotated[str | None, typer.Option(help="The document's symbol, if the text lacks it.")] = None,
    kind: Annotated[str | None, typer.Option(help="bulletin | budget | report | resolution | other")] = None,
    effective_on: Annotated[str | None, typer.Option(help="Entry into force, YYYY-MM-DD.")] = None,
) -> None:
    """Parse a document and show what recording it would record (nothing is recorded)."""
    from service.ingest import prepare
    from service.ingest.extract import extraction, render, request_for

    hints = Hints(symbol=symbol, kind=kind, effective_on=_date(effective_on, "--effective-on"))
    try:
        doc = extraction(prepare(request_for(path, hints)))
    except DocumentError as error:
        raise _fail(str(error)) from None
    if as_json:
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        render(doc, Console())


@cli.command()
def check(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """Check the store's integrity. Exit code 0: no findings; 1: findings (listed with their paragraphs)."""
    from service.projections.integrity import check as integrity

    sgb = _open()
    try:
        findings = integrity(sgb.store)
    finally:
        sgb.close()
    if as_json:
        print(json.dumps([f.as_json() for f in findings], ensure_ascii=False, indent=2))
    for finding in [] if as_json else findings:
        print(f"{finding.kind}: {finding.message}")
        print(f"    at {'; '.join(map(str, finding.places)) or '(no paragraph)'}")
    if not as_json:
        print(f"{len(findings)} finding(s)")
    if findings:
        raise typer.Exit(1)


def main() -> None:
    try:
        cli()
    except BrokenPipeError:
        sys.exit(1)
