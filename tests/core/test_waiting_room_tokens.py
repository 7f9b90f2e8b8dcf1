"""Admission tokens cannot be forged, reused or used by another citizen: each is signed with
the app's secret and names the sale, the citizen, a token id the store keeps and an expiry."""
from __future__ import annotations

from datetime import timedelta

import pytest

from core.housing.waiting_room import Verdict, WaitingRoom
from tests.core.waiting_room_support import SALE, SECRET, STORES, make_room, make_store

OPEN = "open"


@pytest.fixture(params=STORES)
def room(request, factory, clock):
    store = make_store(request.param, factory)
    found = make_room(store, capacity=1, minutes=10)
    found.open(SALE, clock.now)
    yield found
    store.reset(SALE)


def admitted(room, fin: str, now) -> str:
    standing = room.enter(SALE, fin, OPEN, now)
    assert standing.inside
    return room.issue(SALE, fin, standing)


def test_the_citizens_own_token_admits_them_on_every_page_of_the_window(room, clock):
    token = admitted(room, "AYSEL01", clock.now)
    for minute in range(10):
        at = clock.now + timedelta(minutes=minute, seconds=59)
        assert room.verify(token, SALE, "AYSEL01", at) is Verdict.VALID
    assert "AYSEL01" not in token  # the FİN is named by a keyed hash only


def test_a_changed_or_foreign_signature_is_refused(room, clock):
    token = admitted(room, "AYSEL01", clock.now)
    payload, signature = token.rsplit(".", 1)
    # the first character: the last one of a base64 signature may carry only padding bits,
    # and changing those leaves the decoded signature as it was (the test then failed by luck)
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    assert room.verify(f"{payload}.{flipped}", SALE, "AYSEL01", clock.now) is Verdict.FORGED
    assert room.verify("x" + token, SALE, "AYSEL01", clock.now) is Verdict.FORGED
    other_portal = WaitingRoom(room.store, "another-secret")
    forged = other_portal.issue(SALE, "AYSEL01",
                                room.store.standing(SALE, "AYSEL01", clock.now))
    assert room.verify(forged, SALE, "AYSEL01", clock.now) is Verdict.FORGED
    assert room.verify(None, SALE, "AYSEL01", clock.now) is Verdict.MISSING


def test_another_citizens_token_or_another_sales_is_refused(room, clock):
    token = admitted(room, "AYSEL01", clock.now)
    assert room.verify(token, SALE, "RESHAD1", clock.now) is Verdict.OTHER_CITIZEN
    assert room.verify(token, SALE + 1, "AYSEL01", clock.now) is Verdict.OTHER_CITIZEN


def test_a_token_is_refused_once_spent_and_after_coming_back_through_the_queue(room, clock):
    token = admitted(room, "AYSEL01", clock.now)
    assert room.spend(SALE, "AYSEL01", token, clock.now)
    assert room.verify(token, SALE, "AYSEL01", clock.now) is Verdict.SPENT
    assert not room.spend(SALE, "AYSEL01", token, clock.now)  # spent once only
    again = admitted(room, "AYSEL01", clock.now)  # a new admission, a new token id
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
    room.look(SALE, "AYSEL01", OPEN, later)
    assert room.verify(token, SALE, "AYSEL01", later) is Verdict.EXPIRED
