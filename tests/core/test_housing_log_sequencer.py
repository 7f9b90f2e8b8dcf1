"""The allocation log's sequencer: a change's transaction only queues its entry; the entry is
chained into the log once the transaction committed (right after it, or by the log signer's
round when that was skipped), exactly once, and a rolled-back change is never chained. The
hold itself takes no lock of the sale's row. SQLite by default; PostgreSQL with
EGOV_TEST_DATABASE_URL."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from core.housing import events, holds
from core.housing.allocation_log import verify
from core.housing.models import PlaceEvent, QueuedEvent
from core.kernel.db import transaction
from core.sandbox import housing as demo_sale
from core.sandbox.citizens import AYSEL, RESHAD
from tests.core.housing_support import add_buyers, flat_ids

MORTGAGE = "ipoteka"


@pytest.fixture
def sale_and_flats(factory):
    with transaction(factory) as session:
        sale_id = demo_sale.demo_sale(session).id
    return sale_id, flat_ids(factory)


def counts(factory, sale_id: int) -> tuple[int, int]:
    """(entries in the log, changes queued)."""
    with transaction(factory) as session:
        logged = session.execute(select(func.count()).select_from(PlaceEvent)
                                 .where(PlaceEvent.sale_id == sale_id)).scalar_one()
        return logged, events.queued(session, sale_id)


def the_log(factory, sale_id: int):
    with transaction(factory) as session:
        count, _head = events.head(session, sale_id)
        return events.entries(session, sale_id, 1, count)


def press(factory, fin: str, flat_id: int) -> holds.Outcome:
    with transaction(factory) as session:
        return holds.press_confirm(session, fin=fin, flat_id=flat_id,
                                   payment_method=MORTGAGE).outcome


def test_the_entry_is_queued_in_the_transaction_and_chained_once_it_commits(factory,
                                                                           sale_and_flats):
    sale_id, flats = sale_and_flats
    session = factory()
    try:
        holds.press_confirm(session, fin=AYSEL.fin, flat_id=flats[0], payment_method=MORTGAGE)
        session.flush()
        assert session.execute(select(func.count()).select_from(QueuedEvent)).scalar_one() == 1
        assert events.head(session, sale_id)[0] == 0  # not in the log before the commit
        session.commit()
    finally:
        session.close()
    assert counts(factory, sale_id) == (1, 0)
    assert [(e.seq, e.kind) for e in the_log(factory, sale_id)] == [(1, "hold")]


def test_a_rolled_back_change_is_neither_queued_nor_chained(factory, sale_and_flats):
    sale_id, flats = sale_and_flats
    session = factory()
    try:
        holds.press_confirm(session, fin=AYSEL.fin, flat_id=flats[0], payment_method=MORTGAGE)
        session.rollback()
        session.commit()  # a later, empty commit of the same session chains nothing
    finally:
        session.close()
    assert counts(factory, sale_id) == (0, 0)


def test_what_the_sequencer_skipped_the_log_signers_round_chains_exactly_once(
        factory, sale_and_flats, monkeypatch):
    sale_id, flats = sale_and_flats
    monkeypatch.setattr(events, "sequence", lambda *_a, **_k: 0)  # every commit finds it busy
    assert press(factory, AYSEL.fin, flats[0]) is holds.Outcome.HELD
    assert press(factory, RESHAD.fin, flats[1]) is holds.Outcome.HELD
    assert counts(factory, sale_id) == (0, 2)
    monkeypatch.undo()
    with transaction(factory) as session:
        assert events.sequence_all(session) == 2
    with transaction(factory) as session:
        assert events.sequence_all(session) == 0
    entries = the_log(factory, sale_id)
    assert [e.seq for e in entries] == [1, 2] and verify(entries) is None
    assert counts(factory, sale_id) == (2, 0)


def test_holds_from_many_threads_are_all_chained_when_the_last_one_answers(factory,
                                                                          sale_and_flats):
    """Whichever commit found another sequencing, the one sequencing looks again after it let
    go: when every press has answered, nothing is left queued."""
    sale_id, flats = sale_and_flats
    buyers = add_buyers(factory, min(12, len(flats)))
    barrier = threading.Barrier(len(buyers))

    def attempt(n: int) -> None:
        barrier.wait()
        press(factory, buyers[n], flats[n])

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(len(buyers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert counts(factory, sale_id) == (len(buyers), 0)
    entries = the_log(factory, sale_id)
    assert [e.seq for e in entries] == list(range(1, len(buyers) + 1))
    assert verify(entries) is None
