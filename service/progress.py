"""Progress bars of the `sgb` command, on stderr, gone once done: for many documents, for a long rebuild."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

DOCUMENTS_SHOWN_FROM = 3  # a run of fewer documents shows no bar
EVENTS_SHOWN_FROM = 100_000  # a rebuild of fewer events shows none (an S1 history, 40,000, takes ~2 s)
Done = TypeVar("Done")  # what a step of the work reports: a document's path, a position


class _Bar(Generic[Done]):
    """One task's bar, shown only from ``shown_from`` on; entered, it is started, and stopped on exit."""

    def __init__(self, label: str, total: int, shown_from: int, console: Console, *more: ProgressColumn):
        columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), *more)
        self.bar = Progress(*columns, console=console, transient=True, disable=total < shown_from)
        self.task = self.bar.add_task("", total=total)

    def __enter__(self) -> Callable[[Done], None]:
        self.bar.start()
        return self.advance

    def __exit__(self, *exc: object) -> None:
        self.bar.stop()

    def advance(self, done: Done) -> None:
        raise NotImplementedError


class DocumentProgress(_Bar[Path]):
    """Documents parsed, each named as it is done."""

    def __init__(self, total: int, console: Console) -> None:
        super().__init__("parsing", total, DOCUMENTS_SHOWN_FROM, console, TextColumn("{task.description}"))

    def advance(self, done: Path) -> None:
        """One more document parsed: ``done``, its path."""
        self.bar.update(self.task, advance=1, description=Path(done).name)


class RebuildProgress(_Bar[int]):
    """The log's events a rebuild has projected, by the position it has reached of the last one's."""

    def __init__(self, last_position: int, console: Console) -> None:
        remaining = TimeRemainingColumn()
        super().__init__("rebuilding: events", last_position, EVENTS_SHOWN_FROM, console, remaining)

    def advance(self, done: int) -> None:
        """The rebuild has projected up to ``done``, a position."""
        self.bar.update(self.task, completed=done)
