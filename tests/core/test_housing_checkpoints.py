"""Signed checkpoints of the allocation log: signed in the background as the log grows (at most
every few seconds, at once when the phase changes), each one consistent with the one before
across a whole sale, never one of a rewritten or shrunk log; a buyer's proof verifies against
the signed checkpoint; the tiles and bundles served are those of the checkpoint's tree.
SQLite by default; PostgreSQL with EGOV_TEST_DATABASE_URL."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, select, update

from core.housing import Phase, checkpoints, events, merkle, sale, tlog
from core.housing.log_audit import audit
from core.housing.log_models import LogCheckpoint, LogTile
from core.housing.models import PlaceEvent
from core.housing.note import Note, Verifier, verify
from core.kernel.db import transaction
from core.sandbox import housing as demo_sale
from core.sandbox.citizens import AYSEL, RESHAD
from tests.core.housing_support import add_buyers, flat_ids
from tests.core.log_support import demo_sale_id, make_signer, play_sale, press


def signed(factory, sale_id) -> list[LogCheckpoint]:
    with transaction(factory) as session:
        return checkpoints.history(session, sale_id)


def log_key(signer) -> Verifier:
    return Verifier.parse(signer.signer.verifier_key())


def test_nothing_is_signed_until_the_log_has_an_entry(factory, clock):
    signer = make_signer(factory, clock)
    assert signer.tick() == []
    assert signed(factory, demo_sale_id(factory)) == []


def test_a_growing_log_gets_a_checkpoint_its_published_key_verifies(factory, clock):
    signer, sale_id, flats = make_signer(factory, clock), demo_sale_id(factory), flat_ids(factory)
    press(factory, AYSEL.fin, flats[0], clock.now)
    press(factory, RESHAD.fin, flats[1], clock.now)
    assert signed(factory, sale_id) == []  # the presses signed nothing themselves
    made = signer.tick()
    assert [c.size for c in made] == [2]
    checkpoint, note = tlog.parse_checkpoint(made[0].note)
    assert checkpoint.origin == f"{signer.signer.name}/satis/{sale_id}/tlog"
    assert verify(note, [log_key(signer)])


def test_a_new_checkpoint_waits_for_the_interval_but_not_for_a_phase_change(factory, clock):
    signer, sale_id, flats = make_signer(factory, clock), demo_sale_id(factory), flat_ids(factory)
    press(factory, AYSEL.fin, flats[0], clock.now)
    signer.tick()
    press(factory, RESHAD.fin, flats[1], clock.now)
    clock.now += timedelta(seconds=1)
    assert signer.tick() == []
    clock.now += timedelta(seconds=1)
    assert [c.size for c in signer.tick()] == [2]
    buyers = add_buyers(factory, 1)
    press(factory, buyers[0], flats[2], clock.now)
    with transaction(factory) as session:
        sale.set_phase(session, sale_id, Phase.CLOSED, clock.now)
    assert [(c.size, c.phase) for c in signer.tick()] == [(3, "closed")]


def test_every_checkpoint_of_a_whole_sale_extends_the_one_before(factory, clock):
    signer = make_signer(factory, clock)
    sale_id = play_sale(factory, clock, signer)
    with transaction(factory) as session:
        found = audit(session, sale_id, log_key(signer), [])
    assert found.consistent, found.problems
    assert found.checkpoints >= 10 and found.latest_size == found.entries


def test_a_rewritten_last_entry_is_never_signed(factory, clock):
    signer, sale_id, flats = make_signer(factory, clock), demo_sale_id(factory), flat_ids(factory)
    press(factory, AYSEL.fin, flats[0], clock.now)
    signer.tick()
    with transaction(factory) as session:  # the operator rewrites entry 1 and its hash
        session.execute(update(PlaceEvent).where(PlaceEvent.sale_id == sale_id)
                        .values(flat_number="999", entry_hash="f" * 64))
    press(factory, RESHAD.fin, flats[1], clock.now)  # chained to the rewritten head
    clock.now += timedelta(seconds=5)
    assert signer.tick() == []
    assert [c.size for c in signed(factory, sale_id)] == [1]


def test_tampered_tiles_are_never_signed_on(factory, clock):
    signer, sale_id, flats = make_signer(factory, clock), demo_sale_id(factory), flat_ids(factory)
    press(factory, AYSEL.fin, flats[0], clock.now)
    signer.tick()
    with transaction(factory) as session:
        session.execute(update(LogTile).values(hashes=b"\x01" * 32))
    press(factory, RESHAD.fin, flats[1], clock.now)
    clock.now += timedelta(seconds=5)
    assert signer.tick() == []


def test_a_shrunk_log_is_never_signed(factory, clock):
    signer, sale_id, flats = make_signer(factory, clock), demo_sale_id(factory), flat_ids(factory)
    press(factory, AYSEL.fin, flats[0], clock.now)
    press(factory, RESHAD.fin, flats[1], clock.now)
    signer.tick()
    with transaction(factory) as session:
        session.execute(delete(PlaceEvent).where(PlaceEvent.seq == 2))
    clock.now += timedelta(seconds=5)
    assert signer.tick() == []
    assert [c.size for c in signed(factory, sale_id)] == [2]


def test_the_sandbox_reset_starts_a_new_log_under_a_new_origin(factory, clock):
    signer, sale_id, flats = make_signer(factory, clock), demo_sale_id(factory), flat_ids(factory)
    press(factory, AYSEL.fin, flats[0], clock.now)
    press(factory, RESHAD.fin, flats[1], clock.now)
    first = tlog.parse_checkpoint(signer.tick()[0].note)[0]
    with transaction(factory) as session:
        demo_sale.reset(session)
    assert signed(factory, sale_id) == []
    press(factory, AYSEL.fin, flats[0], clock.now)
    again = tlog.parse_checkpoint(signer.tick()[0].note)[0]
    assert (again.origin, again.size) == (f"{first.origin}/2", 1)


def test_a_buyer_s_proof_binds_their_entry_to_the_signed_checkpoint(factory, clock):
    signer, sale_id, flats = make_signer(factory, clock), demo_sale_id(factory), flat_ids(factory)
    for n, fin in enumerate(add_buyers(factory, 9)):
        press(factory, fin, flats[n], clock.now)
    signer.tick()
    press(factory, AYSEL.fin, flats[9], clock.now)
    with transaction(factory) as session:
        proof = checkpoints.inclusion_proof(session, sale_id, 4)
        with pytest.raises(checkpoints.NotYetSigned):
            checkpoints.inclusion_proof(session, sale_id, 10)
        assert checkpoints.inclusion_proof(session, sale_id, 11) is None
    parsed = tlog.Proof.parse(proof.format())
    checkpoint, note = tlog.parse_checkpoint(parsed.checkpoint)
    assert verify(note, [log_key(signer)])
    assert tlog.entry_from_leaf(parsed.entry).seq == 4 and parsed.index == 3
    assert merkle.verify_inclusion(parsed.index, checkpoint.size,
                                   merkle.leaf_hash(parsed.entry), parsed.hashes, checkpoint.root)


def test_the_tiles_and_bundles_served_are_the_signed_tree_s(factory, clock):
    signer, sale_id, flats = make_signer(factory, clock), demo_sale_id(factory), flat_ids(factory)
    for n, fin in enumerate(add_buyers(factory, 5)):
        press(factory, fin, flats[n], clock.now)
    signer.tick()
    press(factory, AYSEL.fin, flats[6], clock.now)  # not yet signed: not served
    with transaction(factory) as session:
        note = checkpoints.published_note(session, checkpoints.latest(session, sale_id))
        tile = checkpoints.tile_bytes(session, sale_id, tlog.TileAddress(0, 0, 5))
        bundle = checkpoints.tile_bytes(session, sale_id, tlog.TileAddress(None, 0, 5))
        assert checkpoints.tile_bytes(session, sale_id, tlog.TileAddress(0, 0, 6)) is None
        assert checkpoints.tile_bytes(session, sale_id, tlog.TileAddress(None, 0, 256)) is None
        assert checkpoints.tile_bytes(session, sale_id, tlog.TileAddress(1, 0, 1)) is None
        count, _head = events.head(session, sale_id)
    entries = tlog.unbundle(bundle)
    assert tlog.split_hashes(tile) == [merkle.leaf_hash(e) for e in entries]
    assert count == 6 and len(entries) == 5
    checkpoint = tlog.parse_checkpoint(note)[0]
    assert merkle.Tree.of_leaves(tlog.split_hashes(tile)).root() == checkpoint.root
    assert Note.parse(note).signatures[0].name == signer.signer.name


def test_a_second_signer_finds_the_checkpoint_already_signed(factory, clock):
    first, second = make_signer(factory, clock), make_signer(factory, clock)
    second.signer = first.signer
    sale_id, flats = demo_sale_id(factory), flat_ids(factory)
    press(factory, AYSEL.fin, flats[0], clock.now)
    with transaction(factory) as session:
        made = checkpoints.sign_if_due(session, sale_id, first.signer, clock.now,
                                       timedelta(seconds=2))
        assert made is not None
    assert second.tick() == []
    with transaction(factory) as session:
        assert len(session.execute(select(LogCheckpoint)).all()) == 1


def test_an_entry_changed_after_it_was_signed_is_caught_by_the_audit(factory, clock):
    signer, sale_id, flats = make_signer(factory, clock), demo_sale_id(factory), flat_ids(factory)
    for n, fin in enumerate(add_buyers(factory, 3)):
        press(factory, fin, flats[n], clock.now)
    signer.tick()
    with transaction(factory) as session:
        assert audit(session, sale_id, log_key(signer), []).consistent
        session.execute(update(PlaceEvent).where(PlaceEvent.seq == 2)
                        .values(flat_number="999"))
    with transaction(factory) as session:
        found = audit(session, sale_id, log_key(signer), [])
    assert found.problems == ["checkpoint of 3: its root is not the root of the log's first "
                              "entries"]


def test_signing_while_many_buyers_press_at_once_stays_consistent(factory, clock, database_url):
    """Presses from threads (each its own transaction) while the signer ticks beside them, as
    fast as it can: every press gets its answer (no deadlock, no error), and every checkpoint
    extends the one before."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from core.housing import holds as holding
    from core.kernel.db import utcnow

    signer, sale_id, flats = make_signer(factory, clock, interval=0), demo_sale_id(factory), \
        flat_ids(factory)
    signer.clock = utcnow
    fins = add_buyers(factory, 24)
    stop = threading.Event()

    def sign_until_stopped():
        while not stop.is_set():
            signer.tick()

    def hold(n):
        with transaction(factory) as session:
            return holding.press_confirm(session, fin=fins[n], flat_id=flats[n % len(flats)],
                                         payment_method="ipoteka").outcome

    ticking = threading.Thread(target=sign_until_stopped)
    ticking.start()
    try:
        with ThreadPoolExecutor(8) as pool:
            outcomes = list(pool.map(hold, range(len(fins))))
    finally:
        stop.set()
        ticking.join()
    signer.tick()
    assert outcomes.count(holding.Outcome.HELD) == len(flats)
    with transaction(factory) as session:
        found = audit(session, sale_id, log_key(signer), [])
    assert found.consistent, found.problems
    assert found.latest_size == found.entries == len(flats)
