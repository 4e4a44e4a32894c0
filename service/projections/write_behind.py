"""Read-model transactions written on a thread of their own while the projector computes the next one.

A third of a catch-up went to SQL, and both SQLite and psycopg let go of the interpreter while the database
works: on a second core, the statements of one transaction run while the projector computes the rows of
the next. Statements run in the order they were given, one transaction after another on the store's one
writing connection, so a read (``Transaction.call``) sees everything queued before it. The projector runs
up to ``TRANSACTIONS_AHEAD`` transactions ahead of the writer.

The writer gets the interpreter back after each statement only when the projector lets go of it, up to the
switch interval (5 ms) later; so the statements carry many rows each (``store.ROWS_PER_STATEMENT``). An
earlier writer thread that closed rows one statement each overlapped almost nothing and was dropped.

Once a statement fails, its transaction rolls back and nothing more is written; the projector hears of the
failure at its next read, at its next transaction, or when it waits for the writer at the end
(``WriteBehind.close``).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from service.projections.store import Cursor, ReadStore

T = TypeVar("T")
# Transactions gathered while the writer writes an earlier one: enough for the projector to go on while the
# writer empties the read models at the start of a rebuild (4 s of an S10 one) or checkpoints. An S10
# rebuild: 23.4 s with one, 22.4 with four, 21.6 with eight; the rows held grew by 25 MB.
TRANSACTIONS_AHEAD = 8
Job = Callable[[Cursor], Any]


class AbortedError(Exception):
    """The projector ended a transaction without committing it (it failed while gathering the rows)."""


_COMMIT = object()
_ABORT = object()


class Transaction:
    """One read-model transaction: its statements, queued for the writer as the projector gives them."""

    def __init__(self, writer: WriteBehind, number: int) -> None:
        self.writer = writer
        self.number = number  # in the order written, after those of the projector's earlier writers
        self._jobs: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._ended = False  # the writer took the commit or the abort

    def submit(self, job: Job) -> None:
        """Run ``job`` in the transaction; do not wait for it."""
        self._jobs.put((job, None))

    def call(self, job: Callable[[Cursor], T]) -> T:
        """Run ``job`` in the transaction, after everything queued before it; wait for its result."""
        result: Future[T] = Future()
        self._jobs.put((job, result))
        return result.result()

    def commit(self) -> None:
        self._jobs.put(_COMMIT)

    def abort(self) -> None:
        self._jobs.put(_ABORT)

    def run(self, cursor: Cursor) -> None:
        """The writer: run the jobs as they come until the commit; raise to roll back."""
        while True:
            item = self._jobs.get()
            if item is _COMMIT or item is _ABORT:
                self._ended = True
                if item is _ABORT:
                    raise AbortedError
                return
            job, result = item
            if result is None:
                job(cursor)
                continue
            try:
                result.set_result(job(cursor))
            except BaseException as failure:
                result.set_exception(failure)
                raise

    def refuse(self, failure: BaseException) -> None:
        """The writer, once a transaction failed: answer every read with the failure until the projector
        ends the transaction."""
        while not self._ended:
            item = self._jobs.get()
            if item is _COMMIT or item is _ABORT:
                self._ended = True
            elif item[1] is not None:
                item[1].set_exception(failure)


class WriteBehind:
    """The writer thread of one catch-up."""

    def __init__(self, store: ReadStore, numbered_after: int = 0) -> None:
        """``numbered_after``: the number of the last transaction of the writers before, all committed or
        rolled back; this one's are numbered after it."""
        self.store = store
        self._transactions: queue.Queue[Transaction | None] = queue.Queue(maxsize=TRANSACTIONS_AHEAD)
        self._failure: BaseException | None = None
        self.begun = numbered_after  # the number of the last transaction begun
        self._committed = numbered_after  # the number of the last transaction committed
        self._progress = threading.Condition()
        self._thread = threading.Thread(target=self._write, name="read-model writer", daemon=True)
        self._thread.start()

    def begin(self) -> Transaction:
        """A new transaction, written after the ones begun before; raises if one of those failed."""
        self._raise_failure()
        self.begun += 1
        transaction = Transaction(self, self.begun)
        self._transactions.put(transaction)
        return transaction

    def wait_until_committed(self, number: int) -> None:
        """Wait until the transaction ``number`` is committed; raises the failure that stopped the writer."""
        with self._progress:
            while self._committed < number and self._failure is None:
                self._progress.wait()
        self._raise_failure()

    def close(self) -> None:
        """Wait until every transaction is written; raises the first failure."""
        self._transactions.put(None)
        self._thread.join()
        self._raise_failure()

    def _raise_failure(self) -> None:
        if self._failure is not None:
            raise self._failure

    def _write(self) -> None:
        while (transaction := self._transactions.get()) is not None:
            if self._failure is None:
                try:
                    with self.store.transaction() as cursor:
                        transaction.run(cursor)
                except BaseException as failure:
                    with self._progress:
                        self._failure = failure
                        self._progress.notify_all()
                else:
                    with self._progress:
                        self._committed = transaction.number
                        self._progress.notify_all()
            if self._failure is not None:
                transaction.refuse(self._failure)
