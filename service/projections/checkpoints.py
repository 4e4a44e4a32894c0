"""WAL checkpoints of the projector's SQLite writes, taken by a thread of their own.

By default the connection that commits runs the checkpoint: it copies every page the transaction wrote from
the write-ahead log back into the database file before ``COMMIT`` returns. The projector's transactions
write pages all over the read models' indexes, and much the same pages again in the next transaction, so
checkpointing after each one copies them again and again (half of a rebuild's commit time). Here the
projector's connection takes no checkpoints itself; after each commit it asks this thread for one, which
runs while the next transaction is computed (SQLite runs it outside the GIL) and copies a page once for
all the transactions committed since the last one.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class Checkpointer:
    """A thread that checkpoints the write-ahead log when asked, once for all the asks since its last run."""

    def __init__(self, connect: Callable[[], sqlite3.Connection]) -> None:
        self._connect = connect
        self._asked = threading.Condition()
        self._pending = False
        self._running = False
        self._closing = False
        self._thread: threading.Thread | None = None
        self.last_result: tuple[int, int, int] | None = None  # busy, frames in the log, frames checkpointed

    def ask(self) -> None:
        with self._asked:
            self._pending = True
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="sgb-wal-checkpoints", daemon=True)
                self._thread.start()
            self._asked.notify()

    def wait_idle(self) -> None:
        """Until every checkpoint asked for so far has run."""
        with self._asked:
            self._asked.wait_for(lambda: not self._pending and not self._running)

    def close(self) -> None:
        """Run what was asked for, then stop the thread."""
        with self._asked:
            self._closing = True
            self._asked.notify()
            thread = self._thread
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        connection = self._connect()
        try:
            while True:
                with self._asked:
                    self._asked.wait_for(lambda: self._pending or self._closing)
                    if not self._pending:
                        return
                    self._pending, self._running = False, True
                try:
                    row = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                    self.last_result = (int(row[0]), int(row[1]), int(row[2]))
                except sqlite3.Error as error:  # what is not copied now is copied by the next checkpoint
                    log.warning("WAL checkpoint failed: %s", error)
                finally:
                    with self._asked:
                        self._running = False
                        self._asked.notify_all()
        finally:
            connection.close()
