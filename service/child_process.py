"""A helper process of our own: ``python -m MODULE`` with a pipe each way, messages pickled one per frame
(``dumps``), or with the buffers they hold in frames of their own (``frames``).

Not ``multiprocessing``: it runs the caller's main module again in each child (as ``__mp_main__``), so a
script without a ``__main__`` guard would start children of its own. The child inherits ``sys.path``
(``PYTHONPATH``), so it imports what the caller imports.
"""

from __future__ import annotations

import io
import os
import pickle
import subprocess
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any


def start_child(module: str) -> tuple[subprocess.Popen[bytes], Connection, Connection]:
    """Start the module's process; returns it, the connection to send it requests and the one to hear
    its replies on. The child finds its ends with ``child_connections``."""
    request_read, request_write = os.pipe()
    reply_read, reply_write = os.pipe()
    child = subprocess.Popen(
        [sys.executable, "-m", module, str(request_read), str(reply_write)],
        pass_fds=(request_read, reply_write),
        env={**os.environ, "PYTHONPATH": os.pathsep.join(path for path in sys.path if path)},
    )
    os.close(request_read)
    os.close(reply_write)
    return child, Connection(request_write, readable=False), Connection(reply_read, writable=False)


def child_connections() -> tuple[Connection, Connection]:
    """In the child: the connection its requests come on, and the one to reply on."""
    return Connection(int(sys.argv[1]), writable=False), Connection(int(sys.argv[2]), readable=False)


def wait_or_kill(child: subprocess.Popen[bytes], seconds: float) -> None:
    """Wait for the child to end; kill it if it has not within ``seconds``."""
    try:
        child.wait(seconds)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def dumps(message: Any) -> bytes:
    """Pickled without a memo: messages hold no cycles, and keeping every string of a transaction's rows
    in the memo cost five times the rest of the pickling (3 s of an S10 rebuild, on the projector's side)."""
    return _pickled(message, None)


Frames = list[bytes | memoryview]
_MOST_BUFFERS = 255  # their number is the first byte of the first frame


def frames(message: Any) -> Frames:
    """The message as the frames ``send_frames`` sends: pickled as by ``dumps``, but the buffers it holds
    (``pickle.PickleBuffer``) each as a frame of its own, rather than copied into the pickle. A rebuild's
    rows cross as one such buffer per flush: copied, they took 2.5 % of an S100 rebuild's projector."""
    buffers: list[pickle.PickleBuffer] = []
    pickled = _pickled(message, buffers.append)
    if len(buffers) > _MOST_BUFFERS:
        raise ValueError(f"a message holds {len(buffers)} buffers; at most {_MOST_BUFFERS} are sent")
    return [bytes([len(buffers)]) + pickled, *(buffer.raw() for buffer in buffers)]


def send_frames(connection: Connection, message: Frames) -> None:
    for frame in message:
        connection.send_bytes(frame)


def receive(connection: Connection) -> Any:
    """The next message ``send_frames`` sent; raises EOFError once the other end is closed."""
    head = connection.recv_bytes()
    buffers = [connection.recv_bytes() for _ in range(head[0])]
    return pickle.loads(memoryview(head)[1:], buffers=buffers)


def _pickled(message: Any, buffer_callback: Callable[[pickle.PickleBuffer], Any] | None) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL, buffer_callback=buffer_callback)
    pickler.fast = True
    pickler.dump(message)
    return buffer.getvalue()
