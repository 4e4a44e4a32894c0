"""A rebuild projects alone: catch-ups (a follower, an ingest, a server starting) wait until it is done, and
it waits for those already under way. Each story runs on both stores, with the turn taken as other processes
take it (a file lock, a PostgreSQL advisory lock)."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager

import pytest

import corpus
from events.issuance import Issuance
from service.bootstrap import Sgb
from service.ingest import DocumentRequest, expand
from service.parsing import Hints
from service.projections import projector
from service.projections.projector import Projector
from service.projections.store import READ_MODEL_TABLES
from service.projections.turns import projecting

_HOLDER = """
import sys, time
from service.projections.turns import projecting
from service.settings import StoreSettings
with projecting(StoreSettings.from_url(sys.argv[1]), alone=True, waiting=lambda: None):
    print("held", flush=True)
    time.sleep(60)
"""


class _TurnTakenError(Exception):
    pass


def _refuse_to_wait() -> None:
    raise _TurnTakenError


def _documents() -> list[DocumentRequest]:
    return [DocumentRequest(r.path, r.hints) for r in expand([corpus.DIRECTORY], Hints())]


def _dump(sgb: Sgb) -> dict[str, list[tuple[object, ...]]]:
    return {t: sorted(map(tuple, sgb.store.query(f"SELECT * FROM {t}")), key=repr) for t in READ_MODEL_TABLES}


@contextmanager
def _running(work: Callable[[], object]) -> Iterator[Callable[[], bool]]:
    """Run ``work`` in a thread; yields whether it is still running. Re-raises what it raised."""
    failures: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as failure:
            failures.append(failure)

    thread = threading.Thread(target=run)
    thread.start()
    try:
        yield thread.is_alive
    finally:
        thread.join(60)
    assert not thread.is_alive(), "still waiting for its turn"
    if failures:
        raise failures[0]


def test_a_follower_waits_while_a_rebuild_projects(sgb: Sgb, monkeypatch: pytest.MonkeyPatch) -> None:
    """A follower polls between two of a rebuild's transactions. Without turns it found the position the
    first one left, projected everything after it, and the rebuild failed at its next transaction
    (PositionMovedError): `sgb rebuild` beside `sgb project --follow`."""
    documents = _documents()
    sgb.ingestor.ingest(documents[:1])
    first_end = sgb.app.max_position()
    sgb.ingestor.ingest(documents[1:])
    before = _dump(sgb)
    monkeypatch.setattr(projector, "REBUILD", projector.TransactionSizes(issuances=1, events=20_000))
    monkeypatch.setattr(projector, "PAGE_SIZE", 1)  # pages are read between the two transactions
    follower = Projector(sgb.app, sgb.store)
    polls: list[Callable[[], bool]] = []
    waited: list[bool] = []

    class FollowedBetweenTransactions:
        def events_after(self, position: int, limit: int) -> list[tuple[int, Issuance.Event]]:
            if position == first_end + 1 and not polls:  # the first transaction was handed to the writer
                while rebuilding.position() != first_end:  # and is committed
                    time.sleep(0.01)
                polls.append(following.enter_context(_running(follower.catch_up)))
                time.sleep(0.5)  # time enough to project the rest, if it may
                waited.append(polls[0]())  # while the rebuild holds the turn
            return sgb.app.events_after(position, limit)

        def max_position(self) -> int:
            return sgb.app.max_position()

    rebuilding = Projector(FollowedBetweenTransactions(), sgb.store)
    with ExitStack() as following:
        rebuilding.rebuild()
    assert waited == [True]  # the follower was still waiting for its turn
    assert follower.position() == sgb.app.max_position()
    assert _dump(sgb) == before


def test_a_catch_up_waits_for_a_rebuild_and_then_projects_what_it_left(
    sgb: Sgb, caplog: pytest.LogCaptureFixture
) -> None:
    documents = _documents()
    sgb.ingestor.ingest(documents[:2])
    before = sgb.projector.position()
    sgb.ingestor.projector = Projector(sgb.app, sgb.store)  # so that the ingest's catch-up is a new one
    with caplog.at_level(logging.WARNING, "sgb.projector"), ExitStack() as rebuild:
        rebuild.enter_context(projecting(sgb.settings, alone=True, waiting=_refuse_to_wait))
        with _running(lambda: sgb.ingestor.ingest(documents[2:3])) as ingesting:
            time.sleep(0.5)
            assert ingesting()
            assert sgb.projector.position() == before
            rebuild.close()
    assert "another process is rebuilding the read models" in caplog.text
    assert sgb.projector.position() == sgb.app.max_position() > before


def test_a_rebuild_waits_for_catch_ups_under_way(sgb: Sgb, caplog: pytest.LogCaptureFixture) -> None:
    sgb.ingestor.ingest(_documents()[:2])
    before = _dump(sgb)
    with caplog.at_level(logging.WARNING, "sgb.projector"), ExitStack() as catch_up:
        catch_up.enter_context(projecting(sgb.settings, alone=False, waiting=_refuse_to_wait))
        with projecting(sgb.settings, alone=False, waiting=_refuse_to_wait):
            pass  # catch-ups go side by side
        with _running(Projector(sgb.app, sgb.store).rebuild) as rebuilding:
            time.sleep(0.5)
            assert rebuilding()
            catch_up.close()
    assert "the rebuild waits until it is done" in caplog.text
    assert _dump(sgb) == before


def test_the_turn_of_a_process_that_dies_is_free(sgb: Sgb, store_url: str) -> None:
    with subprocess.Popen(
        [sys.executable, "-c", _HOLDER, store_url], stdout=subprocess.PIPE, text=True
    ) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline() == "held\n"
            with (
                pytest.raises(_TurnTakenError),
                projecting(sgb.settings, alone=False, waiting=_refuse_to_wait),
            ):
                pass
        finally:
            holder.kill()
    deadline = time.monotonic() + 10  # PostgreSQL ends the session once it sees the socket closed
    while True:
        try:
            with projecting(sgb.settings, alone=True, waiting=_refuse_to_wait):
                return
        except _TurnTakenError:
            assert time.monotonic() < deadline, "the dead process's turn was never given back"
            time.sleep(0.05)
