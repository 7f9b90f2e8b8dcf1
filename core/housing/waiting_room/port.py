"""What the waiting room needs from where it keeps a sale's line: `LineStore`, with the
database adapter (database_store.py) and the Redis adapter (redis_store.py). Every method is
one atomic step across app processes; none trusts a read made by an earlier call.

The line is a ticket line, as at a bakery or a large site's virtual waiting room: each citizen
gets a place number once (`join`); what moves is one shared number per sale, the frontier
("places 1..frontier have had their turn"), advanced by the pacer (`advance`). A citizen whose
place is within the frontier takes their turn (`redeem`) and is inside until they hold a flat
(`spend`), leave, or their admission runs out. Citizens are named by a keyed hash (`citizen`),
never by FİN."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Callable, Protocol

PRE_QUEUE = 0  # the place of a citizen who came before the opening: the draw gives the real one


class Redemption(str, Enum):
    ADMITTED = "admitted"    # the turn is taken (or the citizen was inside already)
    NOT_YET = "not_yet"      # the frontier has not reached the place
    LAPSED = "lapsed"        # the turn came and went unused for longer than the turn window
    USED = "used"            # this place went in once already (a spent or left admission)
    UNKNOWN = "unknown"      # not the citizen's place in this line (an old or another ticket)


@dataclass(frozen=True)
class Admission:
    token_id: str
    until: datetime


@dataclass(frozen=True)
class Line:
    """A sale's line as everybody may know it: the same for every citizen, nobody's data."""

    drawn_at: datetime | None = None   # when the pre-queue was drawn (the opening)
    pre_queued: int = 0        # before the draw: how many wait for it
    issued: int = 0            # the last place given
    frontier: int = 0          # places 1..frontier have had their turn
    inside: int = 0            # admissions in use now
    pending: int = 0           # turns given within the grace time, not yet taken
    rate: float = 0.0          # admissions a second the pacer allows now (0: not paced yet)
    moved_at: datetime | None = None     # when the frontier last moved
    moved_last_minute: int = 0           # how far it moved in the last minute (or since the start)
    minutes_measured: float = 0.0        # over how long that was measured (≤ 1)
    capacity_override: int | None = None  # the sandbox's knob
    generation: str = ""       # this line's identity: a ticket of an earlier line is void

    @property
    def drawn(self) -> bool:
        return self.drawn_at is not None

    @property
    def waiting(self) -> int:
        return max(0, self.issued - self.frontier)

    @property
    def per_minute(self) -> float | None:
        """Admissions a minute, measured; None until the line has moved for a few seconds."""
        if self.minutes_measured < 0.05 or self.moved_last_minute <= 0:
            return None
        return self.moved_last_minute / self.minutes_measured


Shuffle = Callable[[list[str]], list[str]]


class LineStore(Protocol):
    def join(self, sale_id: int, citizen: str, now: datetime,
             turn: timedelta) -> tuple[int, str]:
        """The citizen's place and the line's generation: PRE_QUEUE before the draw; after it,
        the place they hold if it is still good (not used, not left, its turn not lapsed, or
        inside now), else a new one at the back of the line. Idempotent: every tab of one
        citizen shares one place."""

    def draw(self, sale_id: int, shuffle: Shuffle, now: datetime) -> bool:
        """Give the pre-queue places 1..n in the order `shuffle` returns, once per sale: True
        for the one call that drew, False for every other (before or at the same time)."""

    def line(self, sale_id: int, now: datetime, grace: timedelta) -> Line: ...

    def lease(self, sale_id: int, now: datetime, every: timedelta) -> bool:
        """The pacer's turn: True for one caller in each `every`, across processes."""

    def advance(self, sale_id: int, to: int, now: datetime, *, rate: float,
                expect: int | None = None) -> int:
        """Move the frontier up to `to` (never past the last place given, never down; only if
        it is `expect` when that is given) and keep the pacer's rate. Returns the frontier."""

    def redeem(self, sale_id: int, citizen: str, place: int, now: datetime, *,
               window: timedelta, turn: timedelta,
               token_id: str) -> tuple[Redemption, Admission | None]:
        """Take the turn of `place` (once): an admission until now + window. A citizen inside
        already gets their admission back, whatever the place."""

    def admission(self, sale_id: int, citizen: str, now: datetime) -> Admission | None: ...

    def spend(self, sale_id: int, citizen: str, token_id: str) -> bool:
        """End this admission (a hold was taken). False if it was not the citizen's current
        admission."""

    def leave(self, sale_id: int, citizen: str) -> int:
        """The citizen leaves the pre-queue, the line or the sale; their place is settled (it
        no longer counts against the room) and their admission ends. 0: they were not there;
        1: they left the line; 2: they left the room (inside, or their turn had come)."""

    def turns(self, sale_id: int) -> list[tuple[int, datetime]]:
        """Every move of the frontier: (frontier, when), oldest first."""

    def count_attempt(self, key: str, window: timedelta, now: datetime) -> tuple[int, timedelta]:
        """Count one attempt in a window that starts at the first attempt: (attempts in the
        window so far, time until the window ends)."""

    def set_capacity(self, sale_id: int, capacity: int | None) -> None:
        """The sandbox's knob: a fixed capacity for this sale (None: the pacer's again)."""

    def capacity(self, sale_id: int) -> int | None: ...

    def reset(self, sale_id: int) -> None:
        """Forget the sale's line, draw, admissions and capacity override (sandbox reset)."""
