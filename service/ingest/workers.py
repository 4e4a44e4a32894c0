"""Documents prepared for recording in processes of their own, one per core, when a run is long enough:
``python -m service.ingest.worker_process``.

Parsing, building and encoding are pure Python and hold the interpreter: half of an S100 ingest's time,
while the second core stood idle. The workers send back the stored events (bytes), not the aggregate,
whose unpickling cost as much as building it.

Each worker is started once (``service.child_process``) and serves runs until its pipe closes. It is sent
a few documents at a time and sends back each one encoded (``preparing.encode``) with an application of its
own on an in-memory store, configured as the caller's by the environment it inherits, so the bytes are the
caller's (a test compares them). A run's documents go to the workers in turn, at most two tasks ahead
each, and come back in the run's order.

A failure (a document that cannot be understood) goes back to the caller as raised; the caller stops the
workers, whose other replies belong to the abandoned run, and the next run starts them anew.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from service.application import SgbApplication
from service.child_process import dumps, start_child, wait_or_kill
from service.ingest.manifest import DocumentRequest
from service.ingest.preparing import EncodedDocument, encode
from service.ingest.spool import EncodedRun

# Documents in a run before it is prepared in workers. Two workers start in ~0.3 s and then prepare S1
# documents 1.45x as fast as this process (64 in 0.31 s against 0.45: the stored events are still unpickled
# here), ~2.2 ms a document: a run of 128 wins its start back. The bundled corpus is prepared here.
IN_WORKERS_FROM = 128
DOCUMENTS_PER_TASK = 8  # sent to a worker at a time: fewer round trips, and still even shares of a run
TASKS_AHEAD = 2  # per worker: one to work on while the caller reads the other's reply
_STOP_WAIT_S = 10
WORKER_MODULE = "service.ingest.worker_process"  # not this module: the package imports it


class DocumentPreparer:
    """Prepares and encodes the documents of a run: in worker processes if the run is long enough and
    there is more than one core, else in this process."""

    def __init__(self, app: SgbApplication) -> None:
        self.app = app
        self._workers: PreparingWorkers | None = None

    def encode_all(
        self, requests: list[DocumentRequest], on_progress: Callable[[Path], None] | None = None
    ) -> EncodedRun:
        """Every document encoded, in order; raises the first DocumentError (in the order of the run)."""
        encoded: Iterable[EncodedDocument]
        cores = _cores()
        if len(requests) >= IN_WORKERS_FROM and cores > 1:
            if self._workers is None or not self._workers.running:
                self._workers = PreparingWorkers(cores)
            encoded = self._workers.encode_all(requests, DOCUMENTS_PER_TASK)
        else:
            encoded = (encode(request, self.app) for request in requests)
        documents = EncodedRun()
        try:
            for document in encoded:
                documents.append(document)
                if on_progress:
                    on_progress(document.path)
        except BaseException:
            documents.close()
            raise
        return documents

    def close(self) -> None:
        if self._workers is not None:
            self._workers.close()
            self._workers = None


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):  # the cores this process may run on (Linux)
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class WorkerFailedError(RuntimeError):
    """A worker ended without replying, or failed in a way it could not send back."""


class PreparingWorkers:
    def __init__(self, count: int) -> None:
        self._workers = [start_child(WORKER_MODULE) for _ in range(count)]

    def encode_all(self, requests: list[DocumentRequest], per_task: int) -> Iterator[EncodedDocument]:
        """The documents encoded, in order. A failure raised here stops the workers (``close``)."""
        tasks = [requests[start : start + per_task] for start in range(0, len(requests), per_task)]
        count = len(self._workers)
        try:
            for number in range(min(len(tasks), TASKS_AHEAD * count)):
                self._send(number % count, tasks[number])
            for number in range(len(tasks)):
                worker = number % count
                encoded = self._hear(worker)
                if number + TASKS_AHEAD * count < len(tasks):
                    self._send(worker, tasks[number + TASKS_AHEAD * count])
                yield from encoded
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Stop every worker: its pipe closes, it ends (or is killed if it does not)."""
        for child, requests, replies in self._workers:
            requests.close()
            replies.close()
            wait_or_kill(child, _STOP_WAIT_S)
        self._workers = []

    @property
    def running(self) -> bool:
        return bool(self._workers)

    def _send(self, worker: int, task: list[DocumentRequest]) -> None:
        self._workers[worker][1].send_bytes(dumps(task))

    def _hear(self, worker: int) -> list[EncodedDocument]:
        child, _, replies = self._workers[worker]
        try:
            kind, value = pickle.loads(replies.recv_bytes())
        except (EOFError, OSError):
            raise WorkerFailedError(f"a document worker ended (exit code {child.wait()})") from None
        if kind == "failed":
            raise value
        documents: list[EncodedDocument] = value
        return documents


def worker_application() -> SgbApplication:
    """What a worker encodes with: the application on an in-memory store; the rest of its configuration
    (a cipher, a compressor) comes from the environment the worker inherits, as the caller's does."""
    return SgbApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
