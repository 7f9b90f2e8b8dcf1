"""What the browser keeps cannot be forged, reused or moved to another citizen: the ticket
(a place, signed) and the admission token (signed, naming a token id the store keeps and an
expiry); both name the citizen by a keyed hash only."""
from __future__ import annotations

from datetime import timedelta

import pytest

from core.housing.waiting_room import Redemption, Verdict, WaitingRoom
from core.housing.waiting_room.tickets import Ticket
from tests.core.waiting_room_support import OPEN, SALE, STORES, make_room, make_store


@pytest.fixture(params=STORES)
def room(request, factory, clock):
    store = make_store(request.param, factory)
    found = make_room(store, capacity=1, minutes=10)
    found.open(SALE, clock.now)
    yield found
    store.reset(SALE)


def admitted(room, fin: str, now) -> str:
    ticket = room.join(SALE, fin, OPEN, now)
    outcome, token = room.redeem(ticket, now)
    assert outcome is Redemption.ADMITTED
    return token


def flipped(signed: str) -> str:
    payload, signature = signed.rsplit(".", 1)
    # the first character: the last one of a base64 signature may carry only padding bits
    return f"{payload}." + ("A" if signature[0] != "A" else "B") + signature[1:]


def test_a_ticket_names_its_citizen_by_a_keyed_hash_and_cannot_be_forged(room, clock):
    signed = room.ticket(room.join(SALE, "AYSEL01", OPEN, clock.now))
    assert "AYSEL01" not in signed
    assert room.read_ticket(signed, SALE, "AYSEL01")[1] is Verdict.VALID
    assert room.read_ticket(flipped(signed), SALE, "AYSEL01") == (None, Verdict.FORGED)
    other_portal = WaitingRoom(room.store, "another-secret")
    forged = other_portal.ticket(Ticket(SALE, room.citizen("AYSEL01"), 1,
                                        room.line(SALE, clock.now).generation))
    assert room.read_ticket(forged, SALE, "AYSEL01") == (None, Verdict.FORGED)
    assert room.read_ticket(None, SALE, "AYSEL01") == (None, Verdict.MISSING)


def test_a_ticket_cannot_be_moved_to_another_citizen_or_another_sale(room, clock):
    signed = room.ticket(room.join(SALE, "AYSEL01", OPEN, clock.now))
    assert room.read_ticket(signed, SALE, "RESHAD1") == (None, Verdict.OTHER_CITIZEN)
    assert room.read_ticket(signed, SALE + 1, "AYSEL01") == (None, Verdict.OTHER_CITIZEN)
    # even a place copied into a ticket of his own is not his place in the line
    reshad = room.join(SALE, "RESHAD1", OPEN, clock.now)
    copied = Ticket(SALE, reshad.citizen, 1, reshad.line)
    assert room.redeem(copied, clock.now) == (Redemption.UNKNOWN, None)


def test_a_ticket_of_an_earlier_line_is_void(room, clock):
    ticket = room.join(SALE, "AYSEL01", OPEN, clock.now)
    room.reset(SALE)  # the sandbox's reset: a new line
    room.open(SALE, clock.now)
    room.join(SALE, "RESHAD1", OPEN, clock.now)  # place 1 of the new line is his
    assert room.redeem(ticket, clock.now) == (Redemption.UNKNOWN, None)


def test_a_ticket_takes_its_turn_once(room, clock):
    ticket = room.join(SALE, "AYSEL01", OPEN, clock.now)
    outcome, token = room.redeem(ticket, clock.now)
    assert outcome is Redemption.ADMITTED
    assert room.redeem(ticket, clock.now)[1] == token  # another tab: the same admission
    assert room.spend(SALE, "AYSEL01", token, clock.now)
    assert room.redeem(ticket, clock.now) == (Redemption.USED, None)  # reused: refused


def test_the_citizens_own_token_admits_them_on_every_page_of_the_window(room, clock):
    token = admitted(room, "AYSEL01", clock.now)
    for minute in range(10):
        at = clock.now + timedelta(minutes=minute, seconds=59)
        assert room.verify(token, SALE, "AYSEL01", at) is Verdict.VALID
    assert "AYSEL01" not in token  # the FİN is named by a keyed hash only


def test_a_changed_or_foreign_token_is_refused(room, clock):
    token = admitted(room, "AYSEL01", clock.now)
    assert room.verify(flipped(token), SALE, "AYSEL01", clock.now) is Verdict.FORGED
    assert room.verify("x" + token, SALE, "AYSEL01", clock.now) is Verdict.FORGED
    other_portal = WaitingRoom(room.store, "another-secret")
    admission = room.store.admission(SALE, room.citizen("AYSEL01"), clock.now)
    forged = other_portal.signer.admission(SALE, room.citizen("AYSEL01"), admission.token_id,
                                           admission.until)
    assert room.verify(forged, SALE, "AYSEL01", clock.now) is Verdict.FORGED
    assert room.verify(None, SALE, "AYSEL01", clock.now) is Verdict.MISSING


def test_another_citizens_token_or_another_sales_is_refused(room, clock):
    token = admitted(room, "AYSEL01", clock.now)
    assert room.verify(token, SALE, "RESHAD1", clock.now) is Verdict.OTHER_CITIZEN
    assert room.verify(token, SALE + 1, "AYSEL01", clock.now) is Verdict.OTHER_CITIZEN


def test_a_token_is_refused_once_spent_and_after_coming_back_through_the_line(room, clock):
    token = admitted(room, "AYSEL01", clock.now)
    assert room.spend(SALE, "AYSEL01", token, clock.now)
    assert room.verify(token, SALE, "AYSEL01", clock.now) is Verdict.SPENT
    assert not room.spend(SALE, "AYSEL01", token, clock.now)  # spent once only
    again = admitted(room, "AYSEL01", clock.now)  # a new place, a new admission
    assert room.verify(again, SALE, "AYSEL01", clock.now) is Verdict.VALID
    assert room.verify(token, SALE, "AYSEL01", clock.now) is Verdict.SPENT


def test_another_citizen_cannot_spend_a_token(room, clock):
    token = admitted(room, "AYSEL01", clock.now)
    assert not room.spend(SALE, "RESHAD1", token, clock.now)
    assert room.verify(token, SALE, "AYSEL01", clock.now) is Verdict.VALID


def test_a_token_is_refused_after_its_window_even_if_the_store_was_not_told(room, clock):
    token = admitted(room, "AYSEL01", clock.now)
    assert room.verify(token, SALE, "AYSEL01", clock.now + timedelta(minutes=10)) \
        is Verdict.EXPIRED
    later = clock.now + timedelta(minutes=11)
    room.tick(SALE, OPEN, later)
    assert room.verify(token, SALE, "AYSEL01", later) is Verdict.EXPIRED
