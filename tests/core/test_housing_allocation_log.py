"""The sale's allocation log: every change of a place is an entry chained to the one before; the
verifier finds the first entry that was changed, removed, moved or slipped in; the replay of the
log alone gives the places the database has; concurrent presses from threads and processes
never fork the chain. SQLite by default; PostgreSQL with EGOV_TEST_DATABASE_URL."""
from __future__ import annotations

import dataclasses
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.housing import HOLD_TIME, Phase, allocation_log, events, holds, sale
from core.housing.allocation_log import GENESIS, holders, verify
from core.housing.models import Place, Sale
from core.housing.verify_log import run
from core.kernel.db import transaction
from core.sandbox import housing as demo_sale
from core.sandbox.citizens import AYSEL, RESHAD
from tests.core.housing_support import add_buyers, flat_ids, race

MORTGAGE = "ipoteka"


@pytest.fixture
def flats(factory):
    return flat_ids(factory)


def demo(factory) -> tuple[int, str]:
    with transaction(factory) as session:
        found = demo_sale.demo_sale(session)
        return found.id, found.log_salt


def press(factory, fin, flat_id, now=None) -> holds.Outcome:
    with transaction(factory) as session:
        return holds.press_confirm(session, fin=fin, flat_id=flat_id, payment_method=MORTGAGE,
                                   now=now).outcome


def the_log(factory, sale_id) -> list[allocation_log.Entry]:
    with transaction(factory) as session:
        count, _head = events.head(session, sale_id)
        return events.entries(session, sale_id, 1, count)


def db_places(factory, salt) -> list[tuple[int, int, str, str]]:
    with transaction(factory) as session:
        live = session.execute(select(Place).where(Place.slot_key.is_not(None))).scalars()
        return sorted((p.flat_id, p.position, p.status, allocation_log.pseudonym(salt, p.fin))
                      for p in live)


def log_places(entries) -> list[tuple[int, int, str, str]]:
    return sorted((h.flat_id, h.position, h.status, h.citizen)
                  for h in holders(entries).holdings)


@pytest.fixture
def scripted_sale(factory, flats, clock):
    """Holds, reserves, a lapse (the 1st reserve moves to the hold), a withdrawal, a signature
    (its reserve released) and a hold on the flat given up."""
    sale_id, _salt = demo(factory)
    buyers = add_buyers(factory, 5)
    with transaction(factory) as session:
        sale.set_phase(session, sale_id, Phase.WAITING_LIST, clock.now)
    start = clock.now
    assert press(factory, AYSEL.fin, flats[0], start) is holds.Outcome.HELD
    assert press(factory, RESHAD.fin, flats[0], start) is holds.Outcome.RESERVED
    assert press(factory, buyers[0], flats[0], start) is holds.Outcome.RESERVED
    later = start + timedelta(minutes=10)
    assert press(factory, buyers[1], flats[1], later) is holds.Outcome.HELD
    assert press(factory, buyers[2], flats[1], later) is holds.Outcome.RESERVED
    assert press(factory, buyers[3], flats[2], later) is holds.Outcome.HELD
    lapsed = start + HOLD_TIME  # Aysel's hold runs out: Rəşad holds, buyer 0 is 1st reserve
    with transaction(factory) as session:
        holds.withdraw(session, fin=buyers[3], sale_id=sale_id, now=lapsed)
    with transaction(factory) as session:
        place = holds.live_place(session, sale_id, buyers[1])
        assert holds.sign(session, fin=buyers[1], place_id=place.id, method="e_imza",
                          signature="sig", document_digest="d" * 64,
                          now=lapsed).outcome is holds.Outcome.SIGNED
    assert press(factory, buyers[4], flats[2], lapsed) is holds.Outcome.HELD
    return sale_id


def test_a_sale_leaves_a_whole_chain_numbered_from_one(factory, scripted_sale):
    entries = the_log(factory, scripted_sale)
    assert [e.kind for e in entries] == [
        "hold", "reserve", "reserve", "hold", "reserve", "hold",
        "lapse", "promote", "promote", "withdraw", "sign", "release", "hold"]
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert entries[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in zip(entries, entries[1:]))
    assert verify(entries) is None
    assert verify(entries, head=entries[-1].hash) is None


def test_the_log_alone_gives_the_places_the_database_has(factory, scripted_sale):
    _sale_id, salt = demo(factory)
    entries = the_log(factory, scripted_sale)
    replay = holders(entries)
    assert replay.unfair == []
    assert log_places(entries) == db_places(factory, salt)
    assert {h.status for h in replay.holdings} == {"held", "signed", "reserve"}


def test_a_changed_field_is_found_at_its_entry(factory, scripted_sale):
    entries = the_log(factory, scripted_sale)
    entries[4] = dataclasses.replace(entries[4], citizen=entries[0].citizen)
    broken = verify(entries)
    assert broken is not None and broken.line == 5 and "hash" in broken.reason


def test_a_changed_entry_with_a_recomputed_hash_breaks_the_link_after_it(factory, scripted_sale):
    entries = the_log(factory, scripted_sale)
    forged = dataclasses.replace(entries[3], flat_number="99")
    entries[3] = dataclasses.replace(forged, hash=allocation_log.recomputed_hash(forged))
    broken = verify(entries)
    assert broken is not None and broken.line == 5 and "prev_hash" in broken.reason


def test_a_removed_entry_is_found(factory, scripted_sale):
    entries = the_log(factory, scripted_sale)
    del entries[6]
    broken = verify(entries)
    assert broken is not None and broken.line == 7 and broken.seq == 8


def test_a_removed_last_entry_is_found_against_the_published_head(factory, scripted_sale):
    entries = the_log(factory, scripted_sale)
    head = entries[-1].hash
    broken = verify(entries[:-1], head=head)
    assert broken is not None and broken.seq is None


def test_reordered_entries_are_found(factory, scripted_sale):
    entries = the_log(factory, scripted_sale)
    entries[2], entries[3] = entries[3], entries[2]
    broken = verify(entries)
    assert broken is not None and broken.line == 3


def test_an_inserted_entry_is_found(factory, scripted_sale):
    entries = the_log(factory, scripted_sale)
    before = entries[1]
    slipped_in = allocation_log.make_entry(3, before.at, "hold", entries[3].flat_id,
                                           entries[3].flat_number, 0, "f" * 16, before.hash)
    entries.insert(2, slipped_in)
    broken = verify(entries)
    assert broken is not None and broken.line == 4


def rechained(entries) -> list[allocation_log.Entry]:
    """The entries chained afresh: a whole chain with whatever they say."""
    previous, out = GENESIS, []
    for seq, e in enumerate(entries, start=1):
        out.append(allocation_log.make_entry(seq, e.at, e.kind, e.flat_id, e.flat_number,
                                             e.position, e.citizen, previous))
        previous = out[-1].hash
    return out


def test_the_replay_finds_a_hold_on_a_flat_that_was_not_free(factory, scripted_sale):
    entries = the_log(factory, scripted_sale)
    first = entries[0]
    jumped = dataclasses.replace(first, citizen="0" * 16)
    forged = rechained([first, jumped, *entries[1:]])
    assert verify(forged) is None
    assert holders(forged).unfair[0] == (2, "a hold on a flat that was not free")


def test_the_replay_finds_a_reserve_out_of_turn(factory, scripted_sale):
    entries = the_log(factory, scripted_sale)
    second_reserve_first = [entries[0], dataclasses.replace(entries[1], position=2)]
    assert holders(rechained(second_reserve_first)).unfair == [
        (2, "a reserve place out of turn")]


def test_the_command_says_ok_with_the_holders_and_names_the_first_bad_line(
        factory, scripted_sale, tmp_path, capsys):
    entries = the_log(factory, scripted_sale)
    published = tmp_path / "log.jsonl"
    published.write_text("".join(allocation_log.to_line(e) for e in entries), encoding="utf-8")
    import sys
    assert run(str(published), entries[-1].hash, sys.stdout) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"OK: {len(entries)} entries") and "signed" in said
    lines = published.read_text(encoding="utf-8").splitlines(keepends=True)
    published.write_text("".join(lines[:5] + lines[6:]), encoding="utf-8")
    assert run(str(published), None, sys.stdout) == 1
    assert "BROKEN at line 6" in capsys.readouterr().out


def test_citizens_are_pseudonyms_under_a_secret_salt_that_a_reset_renews(factory, scripted_sale):
    sale_id, salt = demo(factory)
    entries = the_log(factory, scripted_sale)
    citizens = {e.citizen for e in entries}
    assert allocation_log.pseudonym(salt, AYSEL.fin) in citizens
    assert not any(AYSEL.fin in e.citizen or AYSEL.fin in allocation_log.to_line(e)
                   for e in entries)
    assert len(salt) == 64 and salt != allocation_log.new_salt()
    with transaction(factory) as session:
        demo_sale.reset(session)
    with transaction(factory) as session:
        assert events.head(session, sale_id) == (0, GENESIS)
        assert session.get(Sale, sale_id).log_salt != salt
    assert press(factory, AYSEL.fin, flat_ids(factory)[0]) is holds.Outcome.HELD
    fresh = the_log(factory, sale_id)
    assert [e.seq for e in fresh] == [1] and fresh[0].prev_hash == GENESIS
    assert fresh[0].citizen != allocation_log.pseudonym(salt, AYSEL.fin)


def test_a_rolled_back_decision_leaves_no_entry(factory, flats):
    sale_id, _salt = demo(factory)
    session = factory()
    try:
        holds.press_confirm(session, fin=AYSEL.fin, flat_id=flats[0], payment_method=MORTGAGE)
        session.rollback()  # the request failed after the decision
        holds.press_confirm(session, fin=RESHAD.fin, flat_id=flats[0], payment_method=MORTGAGE)
        session.commit()
    finally:
        session.close()
    entries = the_log(factory, sale_id)
    _sale_id, salt = demo(factory)
    assert [(e.seq, e.kind, e.citizen) for e in entries] == [
        (1, "hold", allocation_log.pseudonym(salt, RESHAD.fin))]


def assert_whole_and_true(factory, sale_id) -> list[allocation_log.Entry]:
    _sale_id, salt = demo(factory)
    entries = the_log(factory, sale_id)
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert verify(entries) is None
    assert holders(entries).unfair == []
    assert log_places(entries) == db_places(factory, salt)
    return entries


def test_presses_from_many_threads_at_once_keep_one_chain(factory, flats):
    """Threads of one process, each with its own session: every flat held once, a second
    press on each taken flat becoming a reserve, all appended to one chain."""
    sale_id, _salt = demo(factory)
    with transaction(factory) as session:
        sale.set_phase(session, sale_id, Phase.WAITING_LIST)
    buyers = add_buyers(factory, 16)
    attempts = [(fin, flats[n % 8]) for n, fin in enumerate(buyers)]
    barrier = threading.Barrier(len(attempts))

    def attempt(fin_flat):
        barrier.wait()
        return press(factory, *fin_flat)

    with ThreadPoolExecutor(max_workers=len(attempts)) as pool:
        outcomes = list(pool.map(attempt, attempts))
    assert outcomes.count(holds.Outcome.HELD) == 8
    assert outcomes.count(holds.Outcome.RESERVED) == 8
    assert len(assert_whole_and_true(factory, sale_id)) == 16


def test_presses_from_many_processes_at_once_keep_one_chain(database_url, factory, flats):
    """App processes (each its own engine), on PostgreSQL with EGOV_TEST_DATABASE_URL: the
    row lock of the sale, not the process, keeps the chain single."""
    sale_id, _salt = demo(factory)
    with transaction(factory) as session:
        sale.set_phase(session, sale_id, Phase.WAITING_LIST)
    buyers = add_buyers(factory, 12)
    outcomes = race(database_url, [(fin, flats[n % 6]) for n, fin in enumerate(buyers)])
    assert sorted(outcomes) == ["held"] * 6 + ["reserved"] * 6
    assert len(assert_whole_and_true(factory, sale_id)) == 12


def test_events_recorded_before_the_log_existed_are_chained_by_the_migration(tmp_path):
    from alembic import command
    from sqlalchemy import text

    from core.kernel.db import make_engine, make_session_factory
    from core.platform import migrate

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    command.upgrade(migrate.alembic_config(url), "housing_0001")
    engine = make_engine(url)
    with engine.begin() as connection:
        for statement in (
                "INSERT INTO housing_cabinet VALUES ('5ZX8K2P', 'A', '0501234567', '2026-01-01')",
                "INSERT INTO housing_sale VALUES (1, 'S', 'open', '2026-01-01')",
                "INSERT INTO housing_project VALUES (1, 1, 'P', 'Bakı')",
                "INSERT INTO housing_building VALUES (1, 1, 'Bina 1')",
                "INSERT INTO housing_flat VALUES (1, 1, 1, '7', 1, 2, 4860, 100)",
                "INSERT INTO housing_event VALUES (1, '2026-01-01 09:00:00.250000', 'hold', 1, 1,"
                " 1, '5ZX8K2P', 0)",
                "INSERT INTO housing_event VALUES (2, '2026-01-01 09:15:00.000000', 'lapse', 1, 1,"
                " 1, '5ZX8K2P', 0)"):
            connection.execute(text(statement))
    migrate.upgrade(url)
    with transaction(make_session_factory(engine)) as session:
        salt = session.get(Sale, 1).log_salt
        entries = events.entries(session, 1, 1, 2)
    engine.dispose()
    assert verify(entries) is None and len(salt) == 64
    assert [(e.seq, e.kind, e.at, e.flat_number, e.citizen) for e in entries] == [
        (1, "hold", "2026-01-01T09:00:00.250000Z", "7", allocation_log.pseudonym(salt, "5ZX8K2P")),
        (2, "lapse", "2026-01-01T09:15:00.000000Z", "7", allocation_log.pseudonym(salt, "5ZX8K2P"))]


def test_holders_signing_while_their_reserves_withdraw_keep_one_chain(factory, flats):
    """The signature ends the reserve places its transaction has not yet touched while the
    reserves give them up: taking the log's lock last, neither waits for the other in a
    circle (no deadlock on PostgreSQL), and the chain stays whole."""
    sale_id, _salt = demo(factory)
    with transaction(factory) as session:
        sale.set_phase(session, sale_id, Phase.WAITING_LIST)
    buyers = add_buyers(factory, 12)
    holders_, reserves = buyers[:6], buyers[6:]
    for holder, reserve, flat in zip(holders_, reserves, flats):
        assert press(factory, holder, flat) is holds.Outcome.HELD
        assert press(factory, reserve, flat) is holds.Outcome.RESERVED
    barrier = threading.Barrier(12)

    def sign(fin):
        barrier.wait()
        with transaction(factory) as session:
            place = holds.live_place(session, sale_id, fin)
            return holds.sign(session, fin=fin, place_id=place.id, method="e_imza",
                              signature="sig", document_digest="d" * 64).outcome

    def withdraw(fin):
        barrier.wait()
        with transaction(factory) as session:
            return holds.withdraw(session, fin=fin, sale_id=sale_id).outcome

    with ThreadPoolExecutor(max_workers=12) as pool:
        signed = [pool.submit(sign, fin) for fin in holders_]
        withdrawn = [pool.submit(withdraw, fin) for fin in reserves]
        outcomes = [f.result(timeout=120) for f in signed + withdrawn]
    assert outcomes[:6] == [holds.Outcome.SIGNED] * 6
    assert all(o in (holds.Outcome.WITHDRAWN, holds.Outcome.NOT_HELD) for o in outcomes[6:])
    entries = assert_whole_and_true(factory, sale_id)
    assert sum(e.kind in ("withdraw", "release") for e in entries) == 6
