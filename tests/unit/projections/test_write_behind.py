"""The writer thread runs each transaction's statements in the order given, one transaction after another;
a read waits for what came before it; after a failure nothing more is written and the projector hears of
it."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, cast

import pytest

from service.projections.store import Cursor, ReadStore, Row
from service.projections.write_behind import AbortedError, WriteBehind


class _Log:
    """A store that keeps committed statements, and drops a transaction's statements when it rolls back."""

    def __init__(self) -> None:
        self.committed: list[str] = []
        self.threads: set[str] = set()

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        cursor = _Cursor()
        self.threads.add(threading.current_thread().name)
        yield cast(Cursor, cursor)
        self.committed.extend([*cursor.statements, "COMMIT"])


class _Cursor:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        if sql == "FAIL":
            raise RuntimeError("the disk is full")
        self.statements.append(sql)

    def fetchall(self) -> list[Row]:
        return [(statement,) for statement in self.statements]


def _writer(log: _Log) -> WriteBehind:
    return WriteBehind(cast(ReadStore, log))


def _run(sql: str) -> Any:
    return lambda cursor: cursor.execute(sql)


def _read(cursor: Cursor) -> list[Row]:
    return cursor.fetchall()


def test_transactions_are_written_in_order_on_the_writer_thread() -> None:
    log = _Log()
    writer = _writer(log)
    first = writer.begin()
    first.submit(_run("a"))
    first.submit(_run("b"))
    assert first.call(_read) == [("a",), ("b",)]  # the read came after both
    first.commit()
    second = writer.begin()
    second.submit(_run("c"))
    second.commit()
    writer.close()
    assert log.committed == ["a", "b", "COMMIT", "c", "COMMIT"]
    assert log.threads == {"read-model writer"}


def test_a_failed_statement_rolls_back_its_transaction_and_stops_the_writer() -> None:
    log = _Log()
    writer = _writer(log)
    written = writer.begin()
    written.submit(_run("a"))
    written.commit()
    failing = writer.begin()
    failing.submit(_run("b"))
    failing.submit(_run("FAIL"))
    with pytest.raises(RuntimeError, match="disk is full"):  # the next read hears of it
        failing.call(_read)
    failing.commit()
    with pytest.raises(RuntimeError, match="disk is full"):  # and so does the next transaction
        writer.begin()
    with pytest.raises(RuntimeError, match="disk is full"):
        writer.close()
    assert log.committed == ["a", "COMMIT"]


def test_nothing_after_a_failure_is_written() -> None:
    log = _Log()
    writer = _writer(log)
    reached = threading.Event()
    failing = writer.begin()
    failing.submit(lambda cursor: reached.wait())
    failing.submit(_run("FAIL"))
    failing.commit()
    # Begun before the writer reached the failure: the projector did not know of it yet.
    following = writer.begin()
    following.submit(_run("c"))
    following.commit()
    reached.set()
    with pytest.raises(RuntimeError, match="disk is full"):
        writer.close()
    assert log.committed == []


def test_an_aborted_transaction_is_rolled_back() -> None:
    log = _Log()
    writer = _writer(log)
    aborted = writer.begin()
    aborted.submit(_run("a"))
    aborted.abort()
    with pytest.raises(AbortedError):
        writer.close()
    assert log.committed == []


def test_a_wait_for_a_transaction_ends_when_it_is_committed_not_when_the_later_ones_are() -> None:
    log = _Log()
    writer = WriteBehind(cast(ReadStore, log), numbered_after=7)
    first = writer.begin()
    first.submit(_run("a"))
    first.commit()
    held = threading.Event()
    second = writer.begin()
    second.submit(lambda cursor: held.wait())
    second.commit()
    assert (first.number, second.number) == (8, 9)
    writer.wait_until_committed(7)  # a transaction of an earlier writer
    writer.wait_until_committed(first.number)
    assert log.committed == ["a", "COMMIT"]  # the second one is still being written
    held.set()
    writer.wait_until_committed(second.number)
    writer.close()
    assert writer.begun == 9


def test_a_wait_for_a_transaction_hears_of_the_failure_that_stopped_the_writer() -> None:
    writer = _writer(_Log())
    failing = writer.begin()
    failing.submit(_run("FAIL"))
    failing.commit()
    with pytest.raises(RuntimeError, match="disk is full"):
        writer.wait_until_committed(failing.number)
    with pytest.raises(RuntimeError, match="disk is full"):
        writer.close()
