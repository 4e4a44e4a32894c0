"""A document worker's process: ``python -m service.ingest.worker_process``, started by ``workers``.

It encodes each task it is sent (``preparing.encode``) until its pipe closes. A module of its own, which the
``service.ingest`` package does not import: run with ``-m``, a module the package imports would be imported
twice, once by its name and once as ``__main__``.
"""

from __future__ import annotations

import pickle
import signal
from typing import Any

from service.child_process import child_connections, dumps
from service.ingest.manifest import DocumentRequest
from service.ingest.preparing import encode
from service.ingest.workers import WorkerFailedError, worker_application


def main() -> None:
    """Encode each task until the pipe closes. An interrupt goes to the caller, which closes it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    requests, replies = child_connections()
    app = worker_application()
    while True:
        try:
            task: list[DocumentRequest] = pickle.loads(requests.recv_bytes())
        except EOFError:
            return  # the caller is done, or gone
        try:
            reply: tuple[str, Any] = ("encoded", [encode(request, app) for request in task])
        except Exception as failure:
            reply = ("failed", failure)
        replies.send_bytes(_pickled(reply))


def _pickled(reply: tuple[str, Any]) -> bytes:
    try:
        return dumps(reply)
    except Exception:  # a failure that does not pickle: say what it was
        return dumps(("failed", WorkerFailedError(f"{type(reply[1]).__name__}: {reply[1]}")))


if __name__ == "__main__":
    main()
