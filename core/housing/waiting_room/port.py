"""What the waiting room needs from where it keeps the queue: `AdmissionStore`, with the
database adapter (database_store.py) and the Redis adapter (redis_store.py). Every method is
one atomic step across app processes; none trusts a read made by an earlier call."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Callable, Protocol


class State(str, Enum):
    OUTSIDE = "outside"        # not queued (never, or their admission was spent or ran out)
    PRE_QUEUE = "pre_queue"    # arrived before the opening: the draw decides their place
    WAITING = "waiting"        # in line with a place
    INSIDE = "inside"          # admitted until `until`, with the token id the store keeps


@dataclass(frozen=True)
class Standing:
    state: State
    ahead: int = 0                   # citizens still waiting before this one
    token_id: str | None = None      # when INSIDE
    until: datetime | None = None    # when INSIDE: the end of the admission window
    pre_queued: int = 0              # when PRE_QUEUE: how many wait for the draw

    @property
    def inside(self) -> bool:
        return self.state is State.INSIDE

    @property
    def place(self) -> int:
        return self.ahead + 1


Shuffle = Callable[[list[str]], list[str]]


class AdmissionStore(Protocol):
    def join(self, sale_id: int, fin: str, now: datetime) -> None:
        """Queue the citizen once (a second call is a no-op while they are queued or inside):
        in the pre-queue until the sale's draw, at the back of the line after it."""

    def draw(self, sale_id: int, shuffle: Shuffle, now: datetime) -> bool:
        """Give the pre-queue its places in the order `shuffle` returns, once per sale: True
        for the one call that drew, False for every other (before or at the same time)."""

    def admit(self, sale_id: int, now: datetime, capacity: int, window: timedelta) -> int:
        """End admissions that ran out, then admit from the front of the line while fewer
        than the capacity (the sandbox's override, else `capacity`) are inside."""

    def standing(self, sale_id: int, fin: str, now: datetime) -> Standing: ...

    def spend(self, sale_id: int, fin: str, token_id: str) -> bool:
        """End this admission (a hold was taken, or the citizen left). False if it was not
        the citizen's current admission."""

    def leave(self, sale_id: int, fin: str) -> bool:
        """The citizen leaves: out of the pre-queue, the line or the sale (their token is
        refused from now on). False if they were not there."""

    def inside(self, sale_id: int, now: datetime) -> int:
        """How many are inside now."""

    def count_attempt(self, key: str, window: timedelta, now: datetime) -> tuple[int, timedelta]:
        """Count one attempt in a window that starts at the first attempt: (attempts in the
        window so far, time until the window ends)."""

    def set_capacity(self, sale_id: int, capacity: int | None) -> None:
        """The sandbox's knob: a capacity for this sale instead of the setting (None: the
        setting again)."""

    def capacity(self, sale_id: int) -> int | None: ...

    def reset(self, sale_id: int) -> None:
        """Forget the sale's queue, draw, admissions and capacity override (sandbox reset)."""
