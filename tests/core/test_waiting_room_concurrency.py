"""The waiting room under concurrent arrivals, each thread with its own connection as app
processes have: the draw happens once, one place per citizen, places are never given twice,
and concurrent pacer steps and arrivals never put more inside than the room. SQLite by
default, PostgreSQL with EGOV_TEST_DATABASE_URL, Redis with EGOV_REDIS_URL."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from core.housing.waiting_room import Redemption
from tests.core.waiting_room_support import NOT_OPEN, OPEN, SALE, citizen, make_room

THREADS = 8


def at_once(calls):
    """Run the calls on THREADS threads, released together; return their results."""
    barrier = threading.Barrier(min(THREADS, len(calls)))

    def run(call):
        if len(calls) <= THREADS:
            barrier.wait(timeout=30)
        return call()

    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(run, calls))


def test_the_draw_happens_once_when_many_see_the_opening_at_the_same_moment(store, clock):
    room = make_room(store, capacity=0)
    fins = [citizen("P", n) for n in range(40)]
    for fin in fins:
        room.join(SALE, fin, NOT_OPEN, clock.now)
    drew = at_once([lambda: room.open(SALE, clock.now) for _ in range(THREADS)])
    assert drew.count(True) == 1
    places = sorted(room.join(SALE, fin, OPEN, clock.now).place for fin in fins)
    assert places == list(range(1, 41))  # each one place, drawn once


def test_one_citizen_in_many_tabs_at_once_has_one_place(store, clock):
    room = make_room(store, capacity=0)
    at_once([lambda: room.join(SALE, "AYSEL01", NOT_OPEN, clock.now)] * THREADS)
    assert room.line(SALE, clock.now).pre_queued == 1
    room.open(SALE, clock.now)
    places = at_once([lambda: room.join(SALE, "RESHAD1", OPEN, clock.now).place] * THREADS)
    assert set(places) == {2}


def test_concurrent_arrivals_get_distinct_places(store, clock):
    room = make_room(store, capacity=0)
    room.open(SALE, clock.now)
    fins = [citizen("C", n) for n in range(48)]
    places = at_once([lambda fin=fin: room.join(SALE, fin, OPEN, clock.now).place
                      for fin in fins])
    assert sorted(places) == list(range(1, 49))


def test_concurrent_arrivals_and_pacer_steps_never_put_more_inside_than_the_room(store, clock):
    capacity = 5
    room = make_room(store, capacity=capacity)
    room.open(SALE, clock.now)
    fins = [citizen("C", n) for n in range(48)]

    def arrive(fin):
        def call():
            ticket = room.join(SALE, fin, OPEN, clock.now)
            room.tick(SALE, OPEN, clock.now)
            return room.redeem(ticket, clock.now)[0]
        return call

    outcomes = at_once([arrive(fin) for fin in fins])
    line = room.line(SALE, clock.now)
    assert outcomes.count(Redemption.ADMITTED) == line.inside <= capacity
    assert line.inside + line.pending <= capacity
