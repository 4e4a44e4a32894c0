"""The projector keeps what it knows of the read models in memory between transactions. That memory must
never outlive the truth: not a rolled-back transaction, not another projector writing the same tables. Each
story ends with a rebuild (a projector that starts from nothing) and must find the very same rows."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import corpus
from events.issuance import Issuance
from service.bootstrap import Sgb
from service.ingest import DocumentRequest, expand, prepare, read_manifest
from service.ingest.corrections import read_corrections
from service.parsing import Hints
from service.projections import projector, writes
from service.projections.projector import Projector
from service.projections.store import READ_MODEL_TABLES
from service.projections.symbols import Reader
from service.projections.timeline import load_timeline
from service.projections.unit_state import change_row, version_row
from service.synth import generate, write_corpus
from tests.conftest import FIXTURES

ABOLISHING = FIXTURES / "documents/st-sgb-2012-9-abolishes-dfs.txt"
DSS_CORRECTIONS = corpus.DIRECTORY / "corrections/st-sgb-2013-5.toml"


def _dump(sgb: Sgb) -> dict[str, list[tuple[object, ...]]]:
    return {t: sorted(map(tuple, sgb.store.query(f"SELECT * FROM {t}")), key=repr) for t in READ_MODEL_TABLES}


def _documents() -> list[DocumentRequest]:
    return [DocumentRequest(r.path, r.hints) for r in expand([corpus.DIRECTORY], Hints())]


def _assert_same_as_rebuilt(sgb: Sgb) -> None:
    incremental = _dump(sgb)
    Projector(sgb.app, sgb.store).rebuild()
    assert _dump(sgb) == incremental


def _disk_full(self: writes.PendingWrites) -> None:
    raise RuntimeError("the disk is full")


def test_a_failed_transaction_leaves_nothing_in_memory(sgb: Sgb, monkeypatch: pytest.MonkeyPatch) -> None:
    sgb.ingestor.ingest(_documents()[:3])
    position = sgb.projector.position()

    with monkeypatch.context() as patched:
        patched.setattr(writes.PendingWrites, "flush", _disk_full)
        with pytest.raises(RuntimeError, match="disk is full"):
            sgb.ingestor.ingest([*_documents()[3:], DocumentRequest(ABOLISHING, Hints())])
    assert sgb.projector.position() == position  # the issuances were rolled back whole

    # The same projector projects them again: what it had taken in before the failure must be gone.
    sgb.projector.catch_up()
    sgb.ingestor.correct(read_corrections(DSS_CORRECTIONS))
    _assert_same_as_rebuilt(sgb)


def test_a_rebuild_that_fails_leaves_the_read_models_as_they_were(
    sgb: Sgb, monkeypatch: pytest.MonkeyPatch
) -> None:
    sgb.ingestor.ingest(_documents()[:3])
    before = _dump(sgb)

    with monkeypatch.context() as patched:
        patched.setattr(writes.PendingWrites, "flush", _disk_full)
        with pytest.raises(RuntimeError, match="disk is full"):
            sgb.projector.rebuild()
    assert _dump(sgb) == before  # emptied in the transaction that failed, so not emptied
    _assert_same_as_rebuilt(sgb)


def test_projectors_take_turns_on_the_same_tables(sgb: Sgb) -> None:
    other = Projector(sgb.app, sgb.store)
    sgb.ingestor.ingest(_documents()[:3])  # projected by sgb.projector, which keeps its memory
    sgb.ingestor.projector = other
    sgb.ingestor.ingest(_documents()[3:])  # another projector moves the position on
    sgb.ingestor.ingest([DocumentRequest(ABOLISHING, Hints())])
    sgb.ingestor.projector = sgb.projector
    # The first projector's memory is older than the tables: it must notice and read them again.
    sgb.ingestor.correct(read_corrections(DSS_CORRECTIONS))
    _assert_same_as_rebuilt(sgb)


def test_a_projector_goes_on_from_where_another_got_between_its_transactions(
    sgb: Sgb, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between two of a catch-up's transactions another projector projects the rest: the first one's next
    transaction must not be written on top; it goes on from where the other got, and what both leave is
    what a rebuild gives."""
    sgb.ingestor.ingest(_documents()[:2])
    third, fourth = (prepare(request).issuance for request in _documents()[2:4])
    sgb.app.record(third)
    third_projected = sgb.app.max_position()
    sgb.app.record(fourth)
    monkeypatch.setattr(projector, "CATCH_UP", projector.TransactionSizes(issuances=1, events=20_000))
    monkeypatch.setattr(projector, "PAGE_SIZE", 1)  # pages are read between the two transactions
    other = Projector(sgb.app, sgb.store)

    class Interrupted:
        def events_after(self, position: int, limit: int) -> list[tuple[int, Issuance.Event]]:
            if position == third_projected + 1:  # the third's transaction was handed to the writer
                while other.position() != third_projected:  # and is committed
                    time.sleep(0.01)
                other.catch_up()
            return sgb.app.events_after(position, limit)

        def max_position(self) -> int:
            return sgb.app.max_position()

    interrupted = Projector(Interrupted(), sgb.store)
    assert interrupted.catch_up() == 1  # the third; the other projected the fourth
    assert interrupted.position() == other.position() == sgb.app.max_position()
    _assert_same_as_rebuilt(sgb)


def test_a_catch_up_overtaken_before_its_first_transaction_writes_nothing_twice(sgb: Sgb) -> None:
    """Another projector (another process's, say `sgb project --follow` beside `sgb ingest`) projects
    everything between the moment a catch-up reads the tracked position and its first transaction. The
    catch-up must not write those issuances again (the store refused them: a unique key), but find that
    nothing is left."""
    sgb.ingestor.ingest(_documents()[:2])
    for request in _documents()[2:4]:
        sgb.app.record(prepare(request).issuance)
    read_after = sgb.projector.position()
    other = Projector(sgb.app, sgb.store)

    class Overtaken:
        def events_after(self, position: int, limit: int) -> list[tuple[int, Issuance.Event]]:
            page = sgb.app.events_after(position, limit)
            if position == read_after:
                other.catch_up()
            return page

        def max_position(self) -> int:
            return sgb.app.max_position()

    overtaken = Projector(Overtaken(), sgb.store)
    assert overtaken.catch_up() == 0
    assert other.position() == overtaken.position() == sgb.app.max_position()
    _assert_same_as_rebuilt(sgb)


def test_units_let_go_for_the_row_budget_are_read_back_when_touched(
    sgb: Sgb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a budget of a few rows, units are let go after every transaction and read back from the tables
    when next touched, from the committed tables (their rows are committed by then; the writer may still
    be writing later transactions). On ingest and on rebuild, the read models are what a projector holding
    everything writes."""
    write_corpus(generate("S10", seed=3, departments=2, years=6), tmp_path)
    requests = read_manifest(tmp_path)
    committed: list[int] = []
    committed_reader = writes.PendingWrites.committed_reader

    def counted_committed(self: writes.PendingWrites, transaction: int) -> Reader:
        committed.append(transaction)
        return committed_reader(self, transaction)

    monkeypatch.setattr(writes.PendingWrites, "committed_reader", counted_committed)
    monkeypatch.setattr(projector, "CATCH_UP", projector.TransactionSizes(issuances=3, events=20_000))
    monkeypatch.setattr(projector, "REBUILD", projector.TransactionSizes(issuances=3, events=20_000))
    sgb.projector.row_budget = 20
    for chunk in range(0, len(requests), 5):
        sgb.ingestor.ingest(requests[chunk : chunk + 5])
    read_on_ingest, committed_on_ingest = sgb.projector.memory_counts.read, len(committed)
    incremental = _dump(sgb)
    sgb.projector.rebuild()
    assert _dump(sgb) == incremental
    read = sgb.projector.memory_counts.read
    assert read_on_ingest > 50 and read - read_on_ingest > 50, read
    assert committed_on_ingest > 50 and len(committed) - committed_on_ingest > 50, len(committed)
    _assert_same_as_rebuilt(sgb)  # by a projector with the default budget


def test_each_unit_holds_what_a_computation_from_scratch_gives(sgb: Sgb) -> None:
    sgb.ingestor.ingest(_documents()[:3])
    sgb.ingestor.ingest([DocumentRequest(ABOLISHING, Hints())])
    sgb.ingestor.ingest(_documents()[3:])
    assert _each_unit_as_computed_from_scratch(sgb) > 50


def _each_unit_as_computed_from_scratch(sgb: Sgb) -> int:
    """Assert that every unit's current rows are what its provision rows give; returns how many units."""
    units = [row[0] for row in sgb.store.query("SELECT DISTINCT unit_id FROM rm_unit_version")]
    with sgb.store.transaction() as cursor:
        for unit_id in units:
            versions, changes = load_timeline(cursor, unit_id)
            assert _current(sgb, "rm_unit_version", unit_id, "valid_from") == [
                version_row(v) for v in versions
            ]
            assert _current(sgb, "rm_unit_change", unit_id, "ordinal") == [change_row(c) for c in changes]
    return len(units)


_COLUMNS = {
    "rm_unit_version": "unit_id, valid_from, valid_to, name, kind, parent_id, head_post, head_reports_to, "
    "aliases, sources",
    "rm_unit_change": "unit_id, ordinal, effective_on, change, name, before_value, after_value, source",
}


def _current(sgb: Sgb, table: str, unit_id: str, key: str) -> list[tuple[object, ...]]:
    """The unit's current rows, their JSON (stored as text) in UTF-8 as the projector builds it."""
    sql = f"SELECT {_COLUMNS[table]} FROM {table} WHERE unit_id = ? AND recorded_to IS NULL ORDER BY {key}"
    return [(*row[:-1], row[-1] and row[-1].encode()) for row in sgb.store.query(sql, (unit_id,))]


def test_units_that_forgot_their_past_read_it_again_when_it_changes(sgb: Sgb, tmp_path: Path) -> None:
    """Every unit forgets the statements that ended before its last version; then older bulletins are
    recorded late, reaching back before what was forgotten: those units must be read whole again."""
    write_corpus(generate("S10", seed=2, departments=2, years=6), tmp_path)
    requests = read_manifest(tmp_path)
    sgb.projector.forget_above = 0
    for chunk in range(0, len(requests), 4):
        sgb.ingestor.ingest(requests[chunk : chunk + 4 : 2])
    sgb.ingestor.ingest(requests[1::2])  # each a few days to years before what came after it
    counts = sgb.projector.memory_counts
    assert counts.forgot > 50 and counts.read_again > 5, counts
    _each_unit_as_computed_from_scratch(sgb)
    _assert_same_as_rebuilt(sgb)


def test_rows_sent_to_an_idle_writer_early_give_the_same_read_models(
    sgb: Sgb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the writer is idle, the projector sends it the rows gathered so far, issuance by issuance: a row
    sent early and closed later in the same transaction is closed by UPDATE, where rows sent at the end of
    the transaction were inserted closed. Both must leave the same read models."""
    write_corpus(generate("S10", seed=3, departments=2, years=6), tmp_path)
    requests = read_manifest(tmp_path)
    flushes: list[int] = []
    flush = writes.PendingWrites.flush

    def counted(self: writes.PendingWrites) -> None:
        flushes.append(self.transaction.number)
        flush(self)

    monkeypatch.setattr(writes.PendingWrites, "flush", counted)
    monkeypatch.setattr(writes, "EARLY_FLUSH_ROWS", 10**9)
    sgb.ingestor.ingest(requests)
    at_the_end = _dump(sgb)
    assert len(flushes) == len(set(flushes))  # one flush per transaction

    monkeypatch.setattr(writes, "EARLY_FLUSH_ROWS", 1)
    flushes.clear()
    sgb.projector.rebuild()
    assert len(flushes) > 3 * len(set(flushes)), flushes  # the first transaction goes issuance by issuance
    assert _dump(sgb) == at_the_end

    flushes.clear()  # a catch-up's writer thread, from empty read models
    sgb.store.clear()
    Projector(sgb.app, sgb.store).catch_up()
    assert len(flushes) > 3 * len(set(flushes)), flushes
    assert _dump(sgb) == at_the_end
