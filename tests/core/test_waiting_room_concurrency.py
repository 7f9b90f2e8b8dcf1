"""The waiting room under concurrent arrivals, each thread with its own connection as app
processes have: the draw happens once, one place per FİN, and never more inside than the
capacity. SQLite by default, PostgreSQL with EGOV_TEST_DATABASE_URL, Redis with EGOV_REDIS_URL."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor


from tests.core.waiting_room_support import SALE, citizen, make_room

THREADS = 8
NOT_OPEN, OPEN = "not_open", "open"



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
        room.enter(SALE, fin, NOT_OPEN, clock.now)
    drew = at_once([lambda: room.open(SALE, clock.now) for _ in range(THREADS)])
    assert drew.count(True) == 1
    aheads = sorted(store.standing(SALE, fin, clock.now).ahead for fin in fins)
    assert aheads == list(range(len(fins)))  # each one place, drawn once


def test_one_citizen_in_many_tabs_at_once_has_one_place(store, clock):
    room = make_room(store, capacity=0)
    at_once([lambda: room.enter(SALE, "AYSEL01", NOT_OPEN, clock.now)] * THREADS)
    assert room.look(SALE, "AYSEL01", NOT_OPEN, clock.now).pre_queued == 1
    room.open(SALE, clock.now)
    at_once([lambda: room.enter(SALE, "RESHAD1", OPEN, clock.now)] * THREADS)
    assert store.standing(SALE, "RESHAD1", clock.now).ahead == 1


def test_concurrent_arrivals_and_polls_never_put_more_inside_than_the_capacity(store, clock):
    capacity = 5
    room = make_room(store, capacity=capacity)
    room.open(SALE, clock.now)
    fins = [citizen("C", n) for n in range(48)]
    seen_inside = []

    def arrive(fin):
        def call():
            room.enter(SALE, fin, OPEN, clock.now)
            room.look(SALE, fin, OPEN, clock.now)
            seen_inside.append(store.inside(SALE, clock.now))
        return call

    at_once([arrive(fin) for fin in fins])
    inside = [fin for fin in fins if store.standing(SALE, fin, clock.now).inside]
    assert len(inside) == capacity and max(seen_inside) <= capacity
    assert store.inside(SALE, clock.now) == capacity
