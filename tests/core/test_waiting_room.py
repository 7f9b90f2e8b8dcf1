"""The waiting room's line (core.housing.waiting_room) on each store: the pre-queue is drawn
by lot once at the opening, later arrivals get places first come first served, one place per
citizen; the pacer moves the frontier within the room; an admission ends by a hold, by leaving
or by running out, and a turn not taken is lost without stopping the line."""
from __future__ import annotations

from datetime import timedelta
from random import Random

from core.housing.waiting_room import PRE_QUEUE, Redemption
from tests.core.waiting_room_support import (
    NOT_OPEN, OPEN, SALE, admit, citizen, make_room, place_of,
)


def test_the_pre_queue_is_drawn_by_the_rng_at_the_opening_then_later_arrivals_queue_in_order(
        store, clock):
    room = make_room(store, capacity=0, seed=2026)
    early = [citizen("P", n) for n in range(200)]
    for fin in early:
        assert room.join(SALE, fin, NOT_OPEN, clock.now).place == PRE_QUEUE
    assert room.line(SALE, clock.now).pre_queued == 200
    clock.now += timedelta(minutes=1)
    late = [citizen("L", n) for n in range(5)]
    late_places = [room.join(SALE, fin, OPEN, clock.now).place for fin in late]
    assert late_places == list(range(201, 206))  # first come, first served behind the draw

    expected = [room.citizen(fin) for fin in early]
    Random(2026).shuffle(expected)  # what the room's RNG gives for the pre-queue
    by_place = sorted(early, key=lambda fin: place_of(room, fin, clock.now))
    assert [room.citizen(fin) for fin in by_place] == expected and by_place != early
    assert sorted(place_of(room, fin, clock.now) for fin in early) == list(range(1, 201))
    assert room.line(SALE, clock.now).pre_queued == 0


def test_the_draw_uses_a_cryptographic_rng_by_default(store, clock):
    room = make_room(store)
    assert type(room._rng).__name__ == "SystemRandom"


def test_the_pacer_lets_the_line_in_in_order_and_never_past_the_room(store, clock):
    room = make_room(store, capacity=3)
    for n in range(5):
        room.join(SALE, citizen("P", n), NOT_OPEN, clock.now)
    room.tick(SALE, OPEN, clock.now)
    order = sorted((citizen("P", n) for n in range(5)),
                   key=lambda fin: place_of(room, fin, clock.now))
    assert room.line(SALE, clock.now).frontier == 3  # three turns given, the room is full
    tokens = [admit(room, fin, clock.now) for fin in order]
    assert [t is not None for t in tokens] == [True] * 3 + [False] * 2
    line = room.line(SALE, clock.now)
    assert line.inside == 3 and line.pending == 0 and line.waiting == 2
    assert room.ahead(room.join(SALE, order[4], OPEN, clock.now), clock.now) == 1


def test_a_turn_given_counts_against_the_room_until_taken_or_its_grace_ends(store, clock):
    room = make_room(store, capacity=2, grace=timedelta(seconds=30))
    room.tick(SALE, OPEN, clock.now)
    fins = [citizen("C", n) for n in range(4)]
    for fin in fins:
        room.join(SALE, fin, OPEN, clock.now)
    line = room.line(SALE, clock.now)
    assert line.frontier == 2 and line.pending == 2 and line.inside == 0
    clock.now += timedelta(seconds=29)
    room.tick(SALE, OPEN, clock.now)
    assert room.line(SALE, clock.now).frontier == 2  # two turns given, not yet taken
    clock.now += timedelta(seconds=2)
    room.tick(SALE, OPEN, clock.now)
    line = room.line(SALE, clock.now)
    assert line.frontier == 4 and line.pending == 2  # the abandoned turns no longer block it


def test_a_turn_not_taken_within_the_turn_time_is_lost_and_the_citizen_queues_again(
        store, clock):
    room = make_room(store, capacity=1, turn=timedelta(minutes=3))
    room.tick(SALE, OPEN, clock.now)
    away = room.join(SALE, "AWAY001", OPEN, clock.now)
    assert away.place == 1 and room.line(SALE, clock.now).frontier == 1
    clock.now += timedelta(minutes=3)
    assert room.redeem(away, clock.now) == (Redemption.LAPSED, None)
    again = room.join(SALE, "AWAY001", OPEN, clock.now)
    assert again.place == 2  # at the back of the line, which was empty: in at once
    assert room.redeem(again, clock.now)[0] is Redemption.ADMITTED


def test_one_place_per_citizen_however_often_they_join(store, clock):
    room = make_room(store, capacity=0)
    for _ in range(5):
        room.join(SALE, "AYSEL01", NOT_OPEN, clock.now)
    room.join(SALE, "RESHAD1", NOT_OPEN, clock.now)
    assert room.line(SALE, clock.now).pre_queued == 2
    places = {fin: {room.join(SALE, fin, OPEN, clock.now).place for _ in range(5)}
              for fin in ("AYSEL01", "RESHAD1")}
    assert sorted(p for found in places.values() for p in found) == [1, 2]


def test_a_hold_or_leaving_ends_the_admission_and_lets_the_next_in_at_once(store, clock):
    room = make_room(store, capacity=1)
    first = admit(room, "FIRST01", clock.now)
    assert first is not None
    second = room.join(SALE, "SECOND1", OPEN, clock.now)
    assert room.redeem(second, clock.now)[0] is Redemption.NOT_YET
    assert room.spend(SALE, "FIRST01", first, clock.now)
    assert room.redeem(second, clock.now)[0] is Redemption.ADMITTED  # no pacer step needed
    back = room.join(SALE, "FIRST01", OPEN, clock.now)  # back again: at the back of the line
    assert back.place == 3 and room.redeem(back, clock.now)[0] is Redemption.NOT_YET
    assert room.leave(SALE, room.citizen("SECOND1"), clock.now)
    assert room.redeem(back, clock.now)[0] is Redemption.ADMITTED


def test_an_admission_runs_out_after_its_window(store, clock):
    room = make_room(store, capacity=1, minutes=10)
    assert admit(room, "FIRST01", clock.now) is not None
    room.join(SALE, "SECOND1", OPEN, clock.now)
    clock.now += timedelta(minutes=9, seconds=59)
    assert admit(room, "SECOND1", clock.now) is None
    clock.now += timedelta(seconds=1)
    assert admit(room, "SECOND1", clock.now) is not None
    assert room.line(SALE, clock.now).inside == 1


def test_the_sandbox_capacity_overrides_the_setting_and_reset_forgets_it(store, clock):
    room = make_room(store, capacity=5)
    store.set_capacity(SALE, 1)
    assert room.effective_capacity(SALE) == 1
    assert admit(room, "FIRST01", clock.now) is not None
    assert admit(room, "SECOND1", clock.now) is None
    room.reset(SALE)
    assert room.effective_capacity(SALE) == 5
    assert room.line(SALE, clock.now).issued == 0


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


def test_leaving_the_line_settles_the_place_so_it_never_blocks_the_room(store, clock):
    room = make_room(store, capacity=1)
    first = admit(room, "FIRST01", clock.now)
    gone = room.join(SALE, "SECOND1", OPEN, clock.now)
    third = room.join(SALE, "THIRD01", OPEN, clock.now)
    assert room.leave(SALE, room.citizen("SECOND1"), clock.now)  # gives up waiting
    assert room.leave(SALE, room.citizen("FIRST01"), clock.now)  # leaves the sale: the room frees
    room.tick(SALE, OPEN, clock.now)
    assert room.redeem(gone, clock.now)[0] is Redemption.USED
    assert room.redeem(third, clock.now)[0] is Redemption.ADMITTED
    assert room.verify(first, SALE, "FIRST01", clock.now).value == "spent"
    assert not room.leave(SALE, room.citizen("FIRST01"), clock.now)


def test_the_frontier_moves_are_kept_in_order(store, clock):
    room = make_room(store, capacity=100)
    for n in range(5):
        room.join(SALE, citizen("C", n), OPEN, clock.now)
        clock.now += timedelta(seconds=1)
    turns = store.turns(SALE)
    assert [frontier for frontier, _at in turns] == [1, 2, 3, 4, 5]
    assert [at for _f, at in turns] == sorted(at for _f, at in turns)


def test_after_the_draw_turns_come_in_the_order_of_arrival(store, clock):
    room = make_room(store, capacity=3)
    early = [citizen("P", n) for n in range(4)]
    for fin in early:
        room.join(SALE, fin, NOT_OPEN, clock.now)
    room.tick(SALE, OPEN, clock.now)  # the draw: the pre-queue's order is the lot's
    late = [citizen("L", n) for n in range(12)]
    places = {fin: room.join(SALE, fin, OPEN, clock.now).place for fin in early + late}
    assert [places[fin] for fin in late] == list(range(5, 17))  # first come, first placed
    turns = []  # (when the citizen's turn came, place)
    for second in range(1, 20):
        clock.now += timedelta(seconds=1)
        room.tick(SALE, OPEN, clock.now)
        for fin in sorted(set(places) - {f for _s, f in turns}, key=places.get):
            token = room.redeem(room.join(SALE, fin, OPEN, clock.now), clock.now)[1]
            if token is not None:
                turns.append((second, fin))
                assert room.spend(SALE, fin, token, clock.now)  # a hold: the place frees
    order = [fin for _second, fin in turns]
    assert sorted(order[:4]) == sorted(early)  # the drawn pre-queue first
    assert order[4:] == late  # then everyone else, first come, first served
    frontiers = [frontier for frontier, _at in store.turns(SALE)]
    assert frontiers == sorted(frontiers)  # the line only ever moves forward


def test_a_long_run_of_citizens_who_left_is_passed_over_in_one_step(store, clock):
    room = make_room(store, capacity=1)
    first = admit(room, "FIRST01", clock.now)
    gone = [citizen("G", n) for n in range(300)]
    for fin in gone:
        room.join(SALE, fin, OPEN, clock.now)
    last = room.join(SALE, "LAST001", OPEN, clock.now)
    for fin in gone:  # told every flat is chosen, they leave
        room.leave(SALE, room.citizen(fin), clock.now)
    assert room.spend(SALE, "FIRST01", first, clock.now)  # the next still there goes in
    assert room.redeem(last, clock.now)[0] is Redemption.ADMITTED
    assert room.line(SALE, clock.now).frontier == last.place
