"""bench/sale/fairness.py: the figures that say whether the line was first come, first served
and when it emptied (they must be able to fail, or a green run proves nothing)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bench.sale import fairness

START = datetime(2026, 3, 30, 9, 0, 0)
DRAWN = START.replace(tzinfo=timezone.utc).timestamp()


def arrival(sent: float, place: int, **more) -> dict:
    return {"sent": DRAWN + sent, "received": DRAWN + sent + 0.05, "place": place, **more}


def turns(*frontiers: int) -> list[tuple[int, datetime]]:
    return [(f, START + timedelta(seconds=10 * (n + 1))) for n, f in enumerate(frontiers)]


def test_turns_in_the_order_of_arrival_have_no_inversion():
    records = [arrival(1, 1), arrival(2, 2), arrival(3, 3), arrival(4, 4)]
    found = fairness.inversions(records, turns(2, 4), DRAWN)
    assert found == {"buyers_compared": 4, "inversions": 0}


def test_a_later_arrival_served_before_an_earlier_one_is_counted():
    records = [arrival(1, 3), arrival(2, 1), arrival(3, 2)]  # the first to come got place 3
    found = fairness.inversions(records, turns(1, 2, 3), DRAWN)
    assert found["inversions"] == 2


def test_arrivals_at_the_same_moment_or_in_the_same_turn_are_not_inversions():
    overlapping = [{"sent": DRAWN + 1, "received": DRAWN + 2, "place": 2},
                   {"sent": DRAWN + 1.5, "received": DRAWN + 2.5, "place": 1}]
    assert fairness.inversions(overlapping, turns(2), DRAWN)["inversions"] == 0
    same_turn = [arrival(1, 2), arrival(2, 1)]  # one pacer step gave both their turn
    assert fairness.inversions(same_turn, turns(2), DRAWN)["inversions"] == 0


def test_the_pre_queue_drawn_by_lot_is_not_compared():
    records = [arrival(-5, 2), arrival(-4, 1), arrival(1, 3)]
    assert fairness.inversions(records, turns(3), DRAWN)["buyers_compared"] == 1


def test_the_queue_empties_when_its_last_buyer_is_let_in_or_told():
    records = [{"queued": DRAWN + 1, "admitted": DRAWN + 30},
               {"queued": DRAWN + 5, "left_queue": DRAWN + 250}, {"sent": DRAWN}]
    assert fairness.queue_emptied(records, DRAWN) == 250.0
    still_waiting = records + [{"queued": DRAWN + 6}]
    assert fairness.queue_emptied(still_waiting, DRAWN) is None
    assert fairness.queue_times(records) == {"buyers": 2, "p50": 245.0, "max": 245.0}


def test_the_ramp_says_how_far_the_line_had_moved_every_ten_seconds():
    moves = [(5, START + timedelta(seconds=3)), (40, START + timedelta(seconds=12)),
             (90, START + timedelta(seconds=25))]
    assert fairness.frontier_over_time(moves, DRAWN, until=40) == [(10, 5), (20, 40), (30, 90),
                                                                    (40, 90)]
