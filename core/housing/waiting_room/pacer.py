"""How fast the line moves: the pacer's rule, pure arithmetic on a Line.

One pacer step runs at most every `Pacing.tick` for a sale, in whichever app process wins the
store's lease. It moves the frontier by what the rate allows since the line last moved, within
the room (`most_inside` minus those inside and the turns given but not yet taken), and adapts
the rate to how the sale's own pages are answering (additive increase, multiplicative decrease,
as TCP and AWS's virtual waiting room do): while they answer within `target`, the rate grows;
when they do not, it halves. So at the opening the sale fills as fast as the machine serves
holds, not at a number someone guessed."""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.housing.waiting_room.port import Line


@dataclass(frozen=True)
class Pacing:
    tick: timedelta = timedelta(milliseconds=500)
    most_inside: int = 200            # the setting: inside + pending turns, at most
    start_rate: float = 10.0          # admissions a second before anything was measured
    least_rate: float = 1.0
    most_rate: float = 400.0
    target_ms: float = 250.0          # the sale's pages' p95 the pacer keeps under
    grace: timedelta = timedelta(seconds=30)  # a turn counts against the room this long
    turn: timedelta = timedelta(minutes=3)    # a turn not taken within this is lost
    burst: timedelta = timedelta(seconds=2)   # the most unused allowance carried over


@dataclass(frozen=True)
class Step:
    frontier: int
    rate: float


def next_step(line: Line, pacing: Pacing, now: datetime, p95_ms: float | None) -> Step:
    """The frontier and rate after one pacer step. `p95_ms`: the sale's pages' p95 over the
    last few seconds in this process (None when it served none)."""
    rate = line.rate or pacing.start_rate
    if p95_ms is not None and p95_ms > pacing.target_ms:
        rate = max(pacing.least_rate, rate / 2)
    elif line.waiting and (p95_ms is None or p95_ms < pacing.target_ms / 2):
        rate = min(pacing.most_rate, rate + max(2.0, rate / 4))
    capacity = line.capacity_override if line.capacity_override is not None \
        else pacing.most_inside
    room = capacity - line.inside - line.pending
    since = (now - line.moved_at) if line.moved_at else pacing.burst
    allowance = math.floor(rate * min(since, pacing.burst).total_seconds())
    step = max(0, min(room, line.waiting, allowance))
    return Step(frontier=line.frontier + step, rate=round(rate, 3))


def may_admit_one_now(line: Line, place: int, pacing: Pacing) -> bool:
    """Nobody ahead of `place` and room inside: the citizen goes in without waiting for the
    pacer (an empty line never shows the waiting room; a place freed is filled at once)."""
    capacity = line.capacity_override if line.capacity_override is not None \
        else pacing.most_inside
    return place == line.frontier + 1 and line.inside + line.pending < capacity


def wait_minutes(ahead: int, line: Line) -> int | None:
    """An honest estimate: the people ahead divided by the admission rate measured over the
    last minute. None while the line has not moved long enough to measure."""
    per_minute = line.per_minute
    if per_minute is None:
        return None
    return max(1, math.ceil(ahead / per_minute))


def refresh_seconds(ahead: int | None, line: Line) -> int:
    """How often a waiting page asks again: every 2 s near the front, up to every 30 s far
    back (about a fifth of the wait), so a crowd of thousands asks little and nobody misses
    their turn by long. The pre-queue asks every 5 s for the draw."""
    if ahead is None:
        return 5
    per_minute = line.per_minute
    if per_minute is None:
        return 2 if ahead < 50 else 10
    return max(2, min(30, int(ahead / per_minute * 60 / 5)))
