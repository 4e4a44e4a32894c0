"""The writer as a process of its own (a rebuild's): transactions in order on its own connection, reads that
see what came before, and every way it can fail heard by the projector, never a hang."""

from __future__ import annotations

import os
from functools import partial
from typing import Any

import pytest

from service.bootstrap import Sgb
from service.projections.store import Cursor, Row
from service.projections.write_behind import AbortedError, WriteBehind
from service.projections.writer_process import WriterProcessError


def _track(name: str, position: int, cursor: Cursor) -> None:
    cursor.execute("INSERT INTO rm_tracking (name, position) VALUES (?, ?)", (name, position))


def _tracked(cursor: Cursor) -> list[Row]:
    cursor.execute("SELECT name, position FROM rm_tracking ORDER BY name")
    return [tuple(row) for row in cursor.fetchall()]


def _broken(cursor: Cursor) -> None:
    cursor.execute("SELECT * FROM no_such_table")


def _exit(cursor: Cursor) -> None:
    os._exit(3)


class _UnsendableError(Exception):
    def __init__(self, handle: Any) -> None:
        super().__init__("a failure holding what cannot be pickled")
        self.handle = handle


def _fail_unsendably(cursor: Cursor) -> None:
    raise _UnsendableError(lambda: None)


def test_a_writer_process_writes_in_order_and_its_reads_see_what_came_before(sgb: Sgb) -> None:
    writer = WriteBehind(sgb.store, numbered_after=4, own_process=True)
    first = writer.begin()
    first.submit(partial(_track, "a", 1))
    assert first.call(_tracked) == [("a", 1)]  # in the transaction, before its commit
    first.commit()
    second = writer.begin()
    second.submit(partial(_track, "b", 2))
    second.commit()
    writer.wait_until_committed(first.number)
    assert (first.number, second.number) == (5, 6)
    writer.close()
    assert sgb.store.query("SELECT name, position FROM rm_tracking ORDER BY name") == [("a", 1), ("b", 2)]


def test_a_failed_statement_rolls_back_and_the_projector_hears_of_it(sgb: Sgb) -> None:
    writer = WriteBehind(sgb.store, own_process=True)
    written = writer.begin()
    written.submit(partial(_track, "a", 1))
    written.commit()
    failing = writer.begin()
    failing.submit(partial(_track, "b", 2))
    failing.submit(_broken)
    with pytest.raises(Exception, match="no_such_table"):  # the backend's own error, across processes
        failing.call(_tracked)
    failing.commit()
    with pytest.raises(Exception, match="no_such_table"):
        writer.begin()
    with pytest.raises(Exception, match="no_such_table"):
        writer.close()
    assert sgb.store.query("SELECT name FROM rm_tracking") == [("a",)]


def test_a_job_that_cannot_cross_to_the_process_fails_where_it_is_given(sgb: Sgb) -> None:
    writer = WriteBehind(sgb.store, own_process=True)
    transaction = writer.begin()
    with pytest.raises(Exception, match="local object"):  # "Can't pickle" (3.11), "Can't get" (3.13)
        transaction.submit(lambda cursor: None)
    transaction.abort()
    with pytest.raises(AbortedError):
        writer.close()


def test_a_failure_that_cannot_cross_is_described(sgb: Sgb) -> None:
    writer = WriteBehind(sgb.store, own_process=True)
    transaction = writer.begin()
    with pytest.raises(WriterProcessError, match="_UnsendableError: a failure holding"):
        transaction.call(_fail_unsendably)
    transaction.commit()
    with pytest.raises(WriterProcessError):
        writer.close()


def test_a_writer_process_that_dies_is_a_failure_not_a_hang(sgb: Sgb) -> None:
    writer = WriteBehind(sgb.store, own_process=True)
    transaction = writer.begin()
    transaction.submit(_exit)
    with pytest.raises(WriterProcessError, match="exit code 3"):
        transaction.call(_tracked)
    with pytest.raises(WriterProcessError, match="exit code 3"):
        writer.close()
