"""Progress bars of the `sgb` command, on stderr, gone once done: for many documents, for a long rebuild."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

DOCUMENTS_SHOWN_FROM = 3  # a run of fewer documents shows no bar
EVENTS_SHOWN_FROM = 100_000  # a rebuild of fewer events shows none (an S1 history, 40,000, takes ~2 s)


class DocumentProgress:
    """Documents parsed, each named as it is done."""

    def __init__(self, total: int, console: Console) -> None:
        self.bar = Progress(
            TextColumn("parsing"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=console,
            transient=True,
            disable=total < DOCUMENTS_SHOWN_FROM,
        )
        self.task = self.bar.add_task("", total=total)

    def __enter__(self) -> Callable[[Path], None]:
        self.bar.start()
        return lambda path: self.bar.update(self.task, advance=1, description=Path(path).name)

    def __exit__(self, *exc: object) -> None:
        self.bar.stop()


class RebuildProgress:
    """The log's events a rebuild has projected, by the position it has reached of the last one's."""

    def __init__(self, last_position: int, console: Console) -> None:
        self.bar = Progress(
            TextColumn("rebuilding: events"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
            disable=last_position < EVENTS_SHOWN_FROM,
        )
        self.task = self.bar.add_task("", total=last_position)

    def __enter__(self) -> Callable[[int], None]:
        self.bar.start()
        return lambda position: self.bar.update(self.task, completed=position)

    def __exit__(self, *exc: object) -> None:
        self.bar.stop()
