"""The read-model writer as a process of its own: ``python -m service.projections.writer_process``.

A rebuild's writer (``write_behind``) runs here rather than on a thread of the projector's process: a thread
shares the interpreter, and binding a statement's parameters holds it while the projector waits. The
process is started with a pipe each way (``service.child_process``); requests cross pickled, a flush's
rows in a frame of their own (``child_process.frames``), replies pickled one per frame. It has its own
connection to the store, and writes until told to stop; if the projector goes away, it rolls back and ends.
If it ends before being told to, the projector hears of it as a failure.
"""

from __future__ import annotations

import pickle
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from service.child_process import (
    Frames,
    child_connections,
    dumps,
    frames,
    receive,
    send_frames,
    start_child,
    wait_or_kill,
)
from service.settings import StoreSettings

Message = tuple[Any, ...]
_STOP_WAIT_S = 60  # for the process to end once told to stop


class WriterProcessError(RuntimeError):
    """The writer process ended without being told to, or failed in a way it could not send back."""


def start(
    settings: StoreSettings, hear: Callable[[Message], None]
) -> tuple[Callable[[Message], None], Callable[[], None]]:
    """Start a writer process on the store; returns how to send it a message and how to wait for its end.
    ``hear`` is called with each reply, on a thread of its own, ending with ``("stopped",)``."""
    child, requests, replies = start_child(__name__)
    outbox: queue.SimpleQueue[Frames | None] = queue.SimpleQueue()  # the projector never waits to send
    outbox.put(frames(settings))
    sender = threading.Thread(target=_send_all, args=(outbox, requests), name="read-model writer's requests")
    listener = threading.Thread(
        target=_listen, args=(replies, child, hear), name="read-model writer's replies", daemon=True
    )
    sender.start()
    listener.start()

    def send(message: Message) -> None:
        """Pickled here, so that a job that does not pickle fails where it is given."""
        outbox.put(frames(message))

    def finish() -> None:
        outbox.put(None)
        sender.join()
        listener.join()
        wait_or_kill(child, _STOP_WAIT_S)
        requests.close()
        replies.close()

    return send, finish


def _send_all(outbox: queue.SimpleQueue[Frames | None], requests: Connection) -> None:
    """Send the messages in order until told to stop; once the process is gone, drop them (the listener
    reports why)."""
    gone = False
    while (data := outbox.get()) is not None:
        if gone:
            continue
        try:
            send_frames(requests, data)
        except OSError:
            gone = True


def _listen(replies: Connection, child: subprocess.Popen[bytes], hear: Callable[[Message], None]) -> None:
    while True:
        try:
            message = pickle.loads(replies.recv_bytes())
        except (EOFError, OSError):
            code = child.wait()
            hear(("failed", WriterProcessError(f"the read-model writer process ended (exit code {code})")))
            hear(("stopped",))
            return
        hear(message)
        if message[0] == "stopped":
            return


def main() -> None:
    """The process: serve the messages on the file descriptors given, until told to stop. An interrupt goes
    to the projector, which tells it to stop; if the projector is gone, it ends without a word."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    requests, replies = child_connections()
    from service.projections.store import ReadStore
    from service.projections.write_behind import serve

    try:
        store = ReadStore(receive(requests), own_process=True)
        try:
            serve(
                store,
                lambda: receive(requests),
                lambda message: replies.send_bytes(_pickled(message)),
            )
        finally:
            store.close()
    except (EOFError, BrokenPipeError):
        sys.exit(1)  # the projector is gone: what was not committed is rolled back


def _pickled(message: Message) -> bytes:
    """The message pickled; a failure in it that does not pickle is replaced by one that says what it was."""
    try:
        return dumps(message)
    except Exception:
        return dumps(tuple(map(_described, message)))


def _described(part: Any) -> Any:
    return WriterProcessError(f"{type(part).__name__}: {part}") if isinstance(part, BaseException) else part


if __name__ == "__main__":
    # Run under the module's own name, so that what it sends (its WriterProcessError) unpickles by that name.
    from service.projections.writer_process import main as run_named

    run_named()
