"""The waiting room's queue (core.housing.waiting_room) on each store: the pre-queue is drawn
by lot once at the opening, later arrivals queue first come first served, one place per FİN,
and an admission ends by a hold, by leaving or by running out, letting the next one in."""
from __future__ import annotations

from datetime import timedelta
from random import Random

from core.housing.waiting_room import State
from tests.core.waiting_room_support import SALE, citizen, make_room

NOT_OPEN, OPEN = "not_open", "open"



def places(room, fins, now) -> list[str]:
    """The FİNs in the order of their places in line (the citizen with 0 ahead first)."""
    ahead = {fin: room.store.standing(SALE, fin, now).ahead for fin in fins}
    assert sorted(ahead.values()) == list(range(len(fins)))  # one place each, no gaps
    return sorted(fins, key=ahead.get)


def test_the_pre_queue_is_drawn_by_the_rng_at_the_opening_then_later_arrivals_queue_in_order(
        store, clock):
    room = make_room(store, capacity=0, seed=2026)
    early = [citizen("P", n) for n in range(200)]
    for fin in early:
        assert room.enter(SALE, fin, NOT_OPEN, clock.now).state is State.PRE_QUEUE
    assert room.look(SALE, early[0], NOT_OPEN, clock.now).pre_queued == 200
    clock.now += timedelta(minutes=1)
    late = [citizen("L", n) for n in range(5)]
    for fin in late:  # the first of them observes the opening: the draw happens then
        assert room.enter(SALE, fin, OPEN, clock.now).state is State.WAITING

    expected = list(early)
    Random(2026).shuffle(expected)  # what the room's RNG gives for the pre-queue
    order = places(room, early + late, clock.now)
    assert order[:200] == expected and order[:200] != early
    assert order[200:] == late  # first come, first served behind the drawn pre-queue


def test_the_draw_uses_a_cryptographic_rng_by_default(store, clock):
    room = make_room(store)
    assert type(room._rng).__name__ == "SystemRandom"


def test_admission_follows_the_line_and_never_exceeds_the_capacity(store, clock):
    room = make_room(store, capacity=3)
    for n in range(5):
        room.enter(SALE, citizen("P", n), NOT_OPEN, clock.now)
    room.open(SALE, clock.now)
    order = places(room, [citizen("P", n) for n in range(5)], clock.now)
    room.look(SALE, order[0], OPEN, clock.now)
    states = [room.store.standing(SALE, fin, clock.now).state for fin in order]
    assert states == [State.INSIDE] * 3 + [State.WAITING] * 2
    assert store.inside(SALE, clock.now) == 3
    assert room.store.standing(SALE, order[4], clock.now).place == 2


def test_one_place_per_citizen_however_often_they_join(store, clock):
    room = make_room(store, capacity=0)
    for _ in range(5):
        room.enter(SALE, "AYSEL01", NOT_OPEN, clock.now)
    room.enter(SALE, "RESHAD1", NOT_OPEN, clock.now)
    assert room.look(SALE, "AYSEL01", NOT_OPEN, clock.now).pre_queued == 2
    room.open(SALE, clock.now)
    for _ in range(5):  # polling and joining again do not move anyone
        room.enter(SALE, "RESHAD1", OPEN, clock.now)
    assert sorted(room.look(SALE, fin, OPEN, clock.now).ahead
                  for fin in ("AYSEL01", "RESHAD1")) == [0, 1]


def test_a_hold_or_leaving_ends_the_admission_and_lets_the_next_in(store, clock):
    room = make_room(store, capacity=1)
    room.open(SALE, clock.now)
    first = room.enter(SALE, "FIRST01", OPEN, clock.now)
    assert first.inside
    assert room.enter(SALE, "SECOND1", OPEN, clock.now).ahead == 0
    token = room.issue(SALE, "FIRST01", first)
    assert room.spend(SALE, "FIRST01", token, clock.now)
    assert room.look(SALE, "SECOND1", OPEN, clock.now).inside
    assert room.look(SALE, "FIRST01", OPEN, clock.now).state is State.OUTSIDE
    back = room.enter(SALE, "FIRST01", OPEN, clock.now)  # back again: at the back of the line
    assert back.state is State.WAITING and back.ahead == 0


def test_an_admission_runs_out_after_its_window(store, clock):
    room = make_room(store, capacity=1, minutes=10)
    room.open(SALE, clock.now)
    assert room.enter(SALE, "FIRST01", OPEN, clock.now).inside
    room.enter(SALE, "SECOND1", OPEN, clock.now)
    clock.now += timedelta(minutes=9, seconds=59)
    assert not room.look(SALE, "SECOND1", OPEN, clock.now).inside
    clock.now += timedelta(seconds=1)
    assert room.look(SALE, "SECOND1", OPEN, clock.now).inside
    assert room.look(SALE, "FIRST01", OPEN, clock.now).state is State.OUTSIDE
    assert store.inside(SALE, clock.now) == 1


def test_the_sandbox_capacity_overrides_the_setting_and_reset_forgets_it(store, clock):
    room = make_room(store, capacity=5)
    store.set_capacity(SALE, 1)
    assert room.effective_capacity(SALE) == 1
    room.open(SALE, clock.now)
    room.enter(SALE, "FIRST01", OPEN, clock.now)
    assert not room.enter(SALE, "SECOND1", OPEN, clock.now).inside
    store.reset(SALE)
    assert room.effective_capacity(SALE) == 5
    assert room.look(SALE, "SECOND1", OPEN, clock.now).state is State.OUTSIDE


def test_presses_go_at_a_persons_pace(store, clock):
    room = make_room(store)
    assert room.press_wait(SALE, "AYSEL01", clock.now) is None
    wait = room.press_wait(SALE, "AYSEL01", clock.now + timedelta(seconds=1))
    assert wait == timedelta(seconds=1)  # one press every 2 s
    assert room.press_wait(SALE, "RESHAD1", clock.now) is None  # per citizen
    for n in range(1, 9):  # ten in five minutes...
        assert room.press_wait(SALE, "AYSEL01", clock.now + timedelta(seconds=2 * n)) is None
    eleventh = clock.now + timedelta(seconds=20)
    assert room.press_wait(SALE, "AYSEL01", eleventh) == timedelta(minutes=5) - \
        timedelta(seconds=20)  # ...the 11th waits for the window to end
    assert room.press_wait(SALE, "AYSEL01", clock.now + timedelta(minutes=5)) is None


def test_leaving_the_line_or_the_sale_frees_the_place_for_the_next(store, clock):
    room = make_room(store, capacity=1)
    room.open(SALE, clock.now)
    first = room.enter(SALE, "FIRST01", OPEN, clock.now)
    room.enter(SALE, "SECOND1", OPEN, clock.now)
    room.enter(SALE, "THIRD01", OPEN, clock.now)
    assert room.leave(SALE, "SECOND1")  # gives up waiting: the third moves up
    assert room.look(SALE, "THIRD01", OPEN, clock.now).ahead == 0
    token = room.issue(SALE, "FIRST01", first)
    assert room.leave(SALE, "FIRST01")  # leaves the sale: the third goes in
    assert room.look(SALE, "THIRD01", OPEN, clock.now).inside
    assert room.verify(token, SALE, "FIRST01", clock.now).value == "spent"
    assert not room.leave(SALE, "FIRST01")


def test_the_queue_page_refreshes_often_near_the_front_and_seldom_far_back():
    from core.housing.waiting_room.port import Standing, State
    from core.housing.waiting_room.room import refresh_seconds

    assert refresh_seconds(Standing(State.PRE_QUEUE, pre_queued=9_000), 200) == 10
    assert refresh_seconds(Standing(State.WAITING, ahead=0), 200) == 5
    assert refresh_seconds(Standing(State.WAITING, ahead=199), 200) == 5
    assert refresh_seconds(Standing(State.WAITING, ahead=200), 200) == 10
    assert refresh_seconds(Standing(State.WAITING, ahead=400), 200) == 20
    assert refresh_seconds(Standing(State.WAITING, ahead=9_000), 200) == 60
