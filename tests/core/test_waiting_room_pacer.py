"""The pacer's rule (core.housing.waiting_room.pacer): the frontier moves by what the rate
allows since it last moved, never past the room or the line; the rate grows while the sale's
pages answer fast and halves when they do not; the waiting page's estimate and refresh pace."""
from __future__ import annotations

from datetime import datetime, timedelta

from core.housing.waiting_room.pacer import (
    Pacing, may_admit_one_now, next_step, refresh_seconds, wait_minutes,
)
from core.housing.waiting_room.port import Line

NOW = datetime(2026, 3, 30, 9, 0, 0)
PACING = Pacing(most_inside=100, start_rate=10, target_ms=250)


def line(**values) -> Line:
    base = dict(drawn_at=NOW, issued=1000, frontier=0, moved_at=NOW - timedelta(seconds=1))
    return Line(**{**base, **values})


def test_the_frontier_moves_by_the_rate_since_it_last_moved():
    step = next_step(line(rate=10), PACING, NOW, p95_ms=200)
    assert step.frontier == 10 and step.rate == 10  # 10 a second, one second


def test_unused_allowance_is_carried_for_two_seconds_at_most():
    assert next_step(line(rate=10, moved_at=NOW - timedelta(seconds=30)), PACING, NOW,
                     200).frontier == 20


def test_the_frontier_never_passes_the_room_or_the_last_place_given():
    assert next_step(line(rate=50, inside=90, pending=5), PACING, NOW, 200).frontier == 5
    assert next_step(line(rate=50, issued=3), PACING, NOW, 200).frontier == 3
    assert next_step(line(rate=50, inside=100), PACING, NOW, 200).frontier == 0
    assert next_step(line(rate=50, capacity_override=2), PACING, NOW, 200).frontier == 2


def test_the_rate_grows_while_the_sale_answers_fast_and_halves_when_it_does_not():
    assert next_step(line(rate=40), PACING, NOW, p95_ms=60).rate == 50
    assert next_step(line(rate=40), PACING, NOW, p95_ms=None).rate == 50  # nothing measured
    assert next_step(line(rate=40), PACING, NOW, p95_ms=200).rate == 40  # near the target
    assert next_step(line(rate=40), PACING, NOW, p95_ms=400).rate == 20
    assert next_step(line(rate=1), PACING, NOW, p95_ms=4000).rate == PACING.least_rate
    assert next_step(line(rate=0), PACING, NOW, p95_ms=200).rate == PACING.start_rate
    assert next_step(line(rate=40, issued=0), PACING, NOW, 60).rate == 40  # nobody waiting


def test_one_goes_in_at_once_only_with_nobody_ahead_and_room_inside():
    assert may_admit_one_now(line(frontier=4, inside=10), 5, PACING)
    assert not may_admit_one_now(line(frontier=3, inside=10), 5, PACING)
    assert not may_admit_one_now(line(frontier=4, inside=99, pending=1), 5, PACING)


def test_the_wait_is_the_people_ahead_over_the_rate_measured():
    moving = line(moved_last_minute=600, minutes_measured=1.0)
    assert wait_minutes(1200, moving) == 2
    assert wait_minutes(10, moving) == 1
    assert wait_minutes(10, line()) is None  # not measured yet: the page does not guess
    assert wait_minutes(300, line(moved_last_minute=50, minutes_measured=0.5)) == 3


def test_a_waiting_page_asks_often_near_the_front_and_seldom_far_back():
    moving = line(moved_last_minute=600, minutes_measured=1.0)
    assert refresh_seconds(0, moving) == 2
    assert refresh_seconds(100, moving) == 2
    assert refresh_seconds(1000, moving) == 20
    assert refresh_seconds(5000, moving) == 30
    assert refresh_seconds(None, moving) == 5  # the pre-queue, waiting for the draw
    assert refresh_seconds(10, line()) == 2 and refresh_seconds(5000, line()) == 10
