"""Read-model transactions written by a writer of their own while the projector computes the next one.

A third of a catch-up went to SQL, and both SQLite and psycopg let go of the interpreter while the database
works: on a second core, the statements of one transaction run while the projector computes the rows of
the next. Statements run in the order they were given, one transaction after another on the writer's one
writing connection, so a read (``Transaction.call``) sees everything queued before it. The projector runs
up to ``TRANSACTIONS_AHEAD`` transactions ahead of the writer.

The writer is a thread of the projector's process, or, for a rebuild, a process of its own
(``own_process``). A thread still shares the interpreter: binding a statement's parameters holds it
(a sixth of an S10 rebuild's time), and the projector then waits. A process costs a start (half a second)
and the pickling of the rows, and it owns the store's writing connection for as long as it runs; so it
writes only rebuilds. Both run the same loop (``serve``) on the same messages.

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

from service.projections import writer_process
from service.projections.store import Cursor, ReadStore
from service.projections.writer_process import Message

T = TypeVar("T")
# Transactions gathered while the writer writes an earlier one: enough for the projector to go on while the
# writer empties the read models at the start of a rebuild (4 s of an S10 one) or checkpoints. An S10
# rebuild: 23.4 s with one, 22.4 with four, 21.6 with eight; the rows held grew by 25 MB.
TRANSACTIONS_AHEAD = 8
Job = Callable[[Cursor], Any]


class AbortedError(Exception):
    """The projector ended a transaction without committing it (it failed while gathering the rows)."""


class Transaction:
    """One read-model transaction: its statements, sent to the writer as the projector gives them."""

    def __init__(self, writer: WriteBehind, number: int) -> None:
        self.writer = writer
        self.number = number  # in the order written, after those of the projector's earlier writers

    def submit(self, job: Job) -> None:
        """Run ``job`` in the transaction; do not wait for it."""
        self.writer.send(("job", job, None))

    def call(self, job: Callable[[Cursor], T]) -> T:
        """Run ``job`` in the transaction, after everything queued before it; wait for its result."""
        call_id, result = self.writer.expect()
        self.writer.send(("job", job, call_id))
        value: T = result.result()
        return value

    def commit(self) -> None:
        self.writer.send(("commit",))

    def abort(self) -> None:
        self.writer.send(("abort",))


class WriteBehind:
    """The writer of one catch-up: a thread, or a process of its own (``own_process``)."""

    send: Callable[[Message], None]  # a message to the writer, in order; set by whichever was started

    def __init__(self, store: ReadStore, numbered_after: int = 0, own_process: bool = False) -> None:
        """``numbered_after``: the number of the last transaction of the writers before, all committed or
        rolled back; this one's are numbered after it."""
        self.store = store
        self.begun = numbered_after  # the number of the last transaction begun
        self._committed = numbered_after  # the number of the last transaction committed
        self._failure: BaseException | None = None
        self._progress = threading.Condition()
        self._calls: dict[int, Future[Any]] = {}
        self._last_call = 0
        self.send, self._finish = self._start_process() if own_process else self._start_thread()

    def begin(self) -> Transaction:
        """A new transaction, written after the ones begun before; raises if one of those failed. Waits
        while ``TRANSACTIONS_AHEAD`` more transactions are still to be written."""
        with self._progress:
            while self.begun - self._committed > TRANSACTIONS_AHEAD and self._failure is None:
                self._progress.wait()
        self._raise_failure()
        self.begun += 1
        self.send(("begin", self.begun))
        return Transaction(self, self.begun)

    @property
    def committed(self) -> int:
        """The number of the last transaction committed, as last heard."""
        return self._committed

    def wait_until_committed(self, number: int) -> None:
        """Wait until the transaction ``number`` is committed; raises the failure that stopped the writer."""
        with self._progress:
            while self._committed < number and self._failure is None:
                self._progress.wait()
        self._raise_failure()

    def close(self) -> None:
        """Wait until every transaction is written; raises the first failure."""
        self.send(("stop",))
        self._finish()
        self._raise_failure()

    def expect(self) -> tuple[int, Future[Any]]:
        """An id for a call about to be sent, and the future of its result."""
        result: Future[Any] = Future()
        with self._progress:
            self._last_call += 1
            if self._failure is not None:
                result.set_exception(self._failure)
            else:
                self._calls[self._last_call] = result
            return self._last_call, result

    def hear(self, message: Message) -> None:
        """A reply of the writer."""
        kind = message[0]
        if kind == "failed":
            self._fail(message[1])
            return
        with self._progress:
            if kind in ("result", "error"):
                result = self._calls.pop(message[1], None)
                if result is not None and kind == "result":
                    result.set_result(message[2])
                elif result is not None:
                    result.set_exception(message[2])
            elif kind == "committed":
                self._committed = message[1]
            self._progress.notify_all()

    def _fail(self, failure: BaseException) -> None:
        with self._progress:
            if self._failure is None:
                self._failure = failure
            calls, self._calls = self._calls, {}
            self._progress.notify_all()
        for result in calls.values():
            result.set_exception(failure)

    def _raise_failure(self) -> None:
        if self._failure is not None:
            raise self._failure

    def _start_thread(self) -> tuple[Callable[[Message], None], Callable[[], None]]:
        requests: queue.SimpleQueue[Message] = queue.SimpleQueue()
        thread = threading.Thread(
            target=serve, args=(self.store, requests.get, self.hear), name="read-model writer", daemon=True
        )
        thread.start()
        return requests.put, thread.join

    def _start_process(self) -> tuple[Callable[[Message], None], Callable[[], None]]:
        return writer_process.start(self.store.settings, self.hear)


def serve(store: ReadStore, receive: Callable[[], Message], reply: Callable[[Message], None]) -> None:
    """The writer: each transaction's jobs in order until its commit; after a failure, nothing more."""
    failure: BaseException | None = None
    while (message := receive())[0] != "stop":
        assert message[0] == "begin", f"a transaction begins with 'begin', not {message[0]!r}"
        if failure is not None:
            _refuse(receive, reply, failure)
            continue
        try:
            with store.transaction() as cursor:
                _run(cursor, receive, reply)
        except BaseException as exc:
            failure = exc
            reply(("failed", exc))
            if not isinstance(exc, AbortedError):  # else the transaction has ended
                _refuse(receive, reply, failure)
        else:
            reply(("committed", message[1]))
    reply(("stopped",))


def _run(cursor: Cursor, receive: Callable[[], Message], reply: Callable[[Message], None]) -> None:
    """Run one transaction's jobs until its commit; raises AbortedError on its abort, or what a job raised
    (then the rest of the transaction is still to come)."""
    while (message := receive())[0] != "commit":
        if message[0] == "abort":
            raise AbortedError
        _, job, call_id = message
        if call_id is None:
            job(cursor)
            continue
        try:
            value = job(cursor)
        except BaseException as failure:
            reply(("error", call_id, failure))
            raise
        reply(("result", call_id, value))


def _refuse(receive: Callable[[], Message], reply: Callable[[Message], None], failure: BaseException) -> None:
    """Once a transaction failed: answer every read of the transaction with the failure until it ends."""
    while (message := receive())[0] not in ("commit", "abort"):
        if message[2] is not None:
            reply(("error", message[2], failure))
