"""The waiting room's rules over a LineStore: the draw, tickets, turns, admissions, the pacer's
step and the pace of Təsdiq et.

    room = WaitingRoom(store, secret_key, pacing=Pacing(most_inside=200))
    ticket = room.join(sale_id, fin, phase, now)          # a place, once per citizen
    outcome, token = room.redeem(ticket, now)             # their turn: an admission token
    room.tick(sale_id, phase, now, p95_ms)                # the pacer (lease-guarded)
    room.line(sale_id, now)                               # what everybody may know, cached 1 s

- Before the opening (phase not_open) a citizen joins the pre-queue; at the opening the
  pre-queue is shuffled with a cryptographic RNG exactly once (the store's conditional write
  decides who draws), and whoever comes later gets the next place: first come, first served.
- A refresh of the queue costs a comparison of the citizen's place with the frontier, read
  from a per-process copy of the line at most a second old; only the pacer writes.
- Admissions end by a hold (`spend`), by leaving, or after `window`; a turn not taken within
  `Pacing.turn` is lost, and counts against the room only for `Pacing.grace`, so places
  abandoned in the line never stop it."""
from __future__ import annotations

import hmac
import math
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from random import Random

from core.housing import Phase
from core.housing.waiting_room.pacer import Pacing, may_admit_one_now, next_step
from core.housing.waiting_room.port import PRE_QUEUE, Line, LineStore, Redemption
from core.housing.waiting_room.tickets import Signer, Ticket, epoch

QUEUE_PHASES = (Phase.OPEN.value, Phase.WAITING_LIST.value)
LINE_FRESH_SECONDS = 1.0


class Verdict(str, Enum):
    VALID = "valid"
    MISSING = "missing"
    FORGED = "forged"              # not signed by this portal, or changed
    OTHER_CITIZEN = "other"        # signed for another FİN or another sale
    EXPIRED = "expired"
    SPENT = "spent"                # spent by a hold, left, replaced by a later admission


@dataclass(frozen=True)
class Pace:
    """Təsdiq et at a person's pace: at most one press every `gap`, at most `most` presses in
    `period`. Refused presses count too, so pressing faster only makes the wait longer."""

    gap: timedelta = timedelta(seconds=2)
    most: int = 10
    period: timedelta = timedelta(minutes=5)


class RecentLatency:
    """The last few seconds of a process's sale pages: their p95 is what the pacer reads."""

    def __init__(self, seconds: float = 3.0, clock=time.monotonic):
        self._seconds, self._clock = seconds, clock
        self._samples: deque[tuple[float, float]] = deque(maxlen=5000)

    def record(self, milliseconds: float) -> None:
        self._samples.append((self._clock(), milliseconds))

    def p95(self) -> float | None:
        since = self._clock() - self._seconds
        recent = sorted(ms for at, ms in list(self._samples) if at >= since)
        return recent[int(len(recent) * 0.95)] if recent else None


class WaitingRoom:
    def __init__(self, store: LineStore, secret_key: str, *, pacing: Pacing = Pacing(),
                 window: timedelta = timedelta(minutes=10), pace: Pace = Pace(),
                 rng: Random | None = None, clock=time.monotonic,
                 line_fresh_seconds: float = LINE_FRESH_SECONDS):
        self.store, self.pacing, self.window, self.pace = store, pacing, window, pace
        self._line_fresh = line_fresh_seconds
        self.signer = Signer(secret_key)
        self._rng = rng or secrets.SystemRandom()
        self._clock = clock
        self._lines: dict[int, tuple[float, Line]] = {}
        self._last_seen: dict[int, Line] = {}  # forget_line() leaves these
        self._next_tick: dict[int, float] = {}
        self._lock = threading.Lock()

    def citizen(self, fin: str) -> str:
        return self.signer.citizen(fin)

    # -- the line everybody shares ----------------------------------------------------------
    def line(self, sale_id: int, now: datetime) -> Line:
        """The sale's line, read from the store at most once a second in this process."""
        cached = self._lines.get(sale_id)
        if cached is not None and self._clock() - cached[0] < self._line_fresh:
            return cached[1]
        found = self.store.line(sale_id, now, self.pacing.grace)
        self._lines[sale_id] = (self._clock(), found)
        self._last_seen[sale_id] = found
        return found

    def last_seen_frontier(self, sale_id: int) -> int:
        """The frontier as this process last read it, however old, without asking the store
        (0 before it read any): enough to schedule by, never to admit by."""
        seen = self._last_seen.get(sale_id)
        return seen.frontier if seen is not None else 0

    def forget_line(self, sale_id: int) -> None:
        """Read the line from the store at the next look (a copy seen to be stale)."""
        self._lines.pop(sale_id, None)

    def tick(self, sale_id: int, phase: str, now: datetime, p95_ms: float | None = None) -> bool:
        """The pacer's step, if it is this process's turn (at most every Pacing.tick here, and
        once per tick across processes): the draw at the opening, then the frontier moves."""
        if phase not in QUEUE_PHASES:
            return False
        with self._lock:
            if self._clock() < self._next_tick.get(sale_id, 0.0):
                return False
            self._next_tick[sale_id] = self._clock() + self.pacing.tick.total_seconds()
        if not self.store.lease(sale_id, now, self.pacing.tick):
            return False
        line = self.store.line(sale_id, now, self.pacing.grace)
        if not line.drawn and self.open(sale_id, now):
            line = self.store.line(sale_id, now, self.pacing.grace)
        step = next_step(line, self.pacing, now, p95_ms)
        if step.frontier != line.frontier or step.rate != line.rate:
            self.store.advance(sale_id, step.frontier, now, rate=step.rate)
        self.forget_line(sale_id)
        return True

    def open(self, sale_id: int, now: datetime) -> bool:
        """The opening: the pre-queue is drawn by lot, once (True for the call that drew)."""
        drew = self.store.draw(sale_id, self._shuffled, now)
        if drew:
            self.forget_line(sale_id)
        return drew

    def _shuffled(self, citizens: list[str]) -> list[str]:
        order = list(citizens)
        self._rng.shuffle(order)
        return order

    # -- a citizen's place ------------------------------------------------------------------
    def join(self, sale_id: int, fin: str, phase: str, now: datetime) -> Ticket:
        """The citizen's ticket: their place (PRE_QUEUE before the draw), the same in every tab.
        With nobody ahead and room inside, their turn comes at once."""
        if phase in QUEUE_PHASES and not self.line(sale_id, now).drawn:
            self.open(sale_id, now)
        citizen = self.citizen(fin)
        place, generation = self.store.join(sale_id, citizen, now, self.pacing.turn)
        if place != PRE_QUEUE and phase in QUEUE_PHASES:
            self._admit_at_once(sale_id, place, now)
        return Ticket(sale_id, citizen, place, generation)

    def _admit_at_once(self, sale_id: int, place: int, now: datetime) -> None:
        copy = self.line(sale_id, now)
        if copy.frontier >= place or place > copy.frontier + 1 + self._moves_within_a_second(copy):
            return  # admitted already, or people ahead whom the pacer lets in first
        line = self.store.line(sale_id, now, self.pacing.grace)
        if may_admit_one_now(line, place, self.pacing):
            self.store.advance(sale_id, place, now, rate=line.rate, expect=place - 1)
            self.forget_line(sale_id)

    def _moves_within_a_second(self, line: Line) -> int:
        """More than the frontier can have moved since this process's copy was read (a copy is
        at most a second old): the pacer's allowance, and a margin for places freed at once.
        Wrong only in the citizen's disfavour by one pacer tick: the pacer admits them then."""
        rate = line.rate or self.pacing.start_rate
        return math.ceil(rate * (self._line_fresh + self.pacing.burst.total_seconds())) + 10

    def read_ticket(self, signed: str | None, sale_id: int, fin: str) -> tuple[Ticket | None,
                                                                            Verdict]:
        """The citizen's own ticket for this sale, or None and why not."""
        if not signed:
            return None, Verdict.MISSING
        ticket = self.signer.read_ticket(signed)
        if ticket is None:
            return None, Verdict.FORGED
        if ticket.sale_id != sale_id or not hmac.compare_digest(ticket.citizen,
                                                                self.citizen(fin)):
            return None, Verdict.OTHER_CITIZEN
        return ticket, Verdict.VALID

    def ticket(self, ticket: Ticket) -> str:
        return self.signer.ticket(ticket)

    def redeem(self, ticket: Ticket, now: datetime, *,
               from_copy: bool = False) -> tuple[Redemption, str | None]:
        """Take the ticket's turn: the signed admission token when it is admitted. With
        `from_copy` (a waiting page asking again), this process's copy of the line, up to a
        second old, answers "not yet" without asking the store."""
        line = self.line(ticket.sale_id, now)
        if line.generation != ticket.line:  # a ticket of an earlier line, or a stale copy
            self.forget_line(ticket.sale_id)
            line = self.line(ticket.sale_id, now)
            if line.generation != ticket.line:
                return Redemption.UNKNOWN, None
        if ticket.place == PRE_QUEUE:
            return Redemption.NOT_YET, None
        if from_copy and line.frontier < ticket.place:
            return Redemption.NOT_YET, None  # the line had not come this far a second ago
        outcome, admission = self.store.redeem(
            ticket.sale_id, ticket.citizen, ticket.place, now, window=self.window,
            turn=self.pacing.turn, token_id=secrets.token_urlsafe(16))
        if admission is None:
            return outcome, None
        return outcome, self.signer.admission(ticket.sale_id, ticket.citizen,
                                              admission.token_id, admission.until)

    def ahead(self, ticket: Ticket, now: datetime) -> int | None:
        """People before the citizen still waiting for their turn (None in the pre-queue)."""
        if ticket.place == PRE_QUEUE:
            return None
        return max(0, ticket.place - self.line(ticket.sale_id, now).frontier - 1)

    # -- admissions -------------------------------------------------------------------------
    def verify(self, token: str | None, sale_id: int, fin: str, now: datetime) -> Verdict:
        if not token:
            return Verdict.MISSING
        claims = self.signer.read_admission(token)
        if claims is None:
            return Verdict.FORGED
        citizen = self.citizen(fin)
        if claims.get("s") != sale_id or claims.get("c") != citizen:
            return Verdict.OTHER_CITIZEN
        if not isinstance(claims.get("e"), int) or claims["e"] <= epoch(now):
            return Verdict.EXPIRED
        admission = self.store.admission(sale_id, citizen, now)
        if admission is not None and hmac.compare_digest(admission.token_id, str(claims["t"])):
            return Verdict.VALID
        return Verdict.SPENT

    def spend(self, sale_id: int, fin: str, token: str | None, now: datetime) -> bool:
        """A hold was taken: the admission ends, and the next in line goes in at once."""
        claims = self.signer.read_admission(token)
        citizen = self.citizen(fin)
        if claims is None or claims.get("c") != citizen:
            return False
        spent = self.store.spend(sale_id, citizen, str(claims["t"]))
        if spent:
            self._fill(sale_id, now)
        return spent

    def leave(self, sale_id: int, citizen: str, now: datetime) -> bool:
        """The citizen (named by their keyed hash, as their ticket names them) gives up their
        place in the line or in the sale, for the next."""
        left = self.store.leave(sale_id, citizen)
        if left == 2:  # room freed: the next goes in (one who only waited frees none)
            self._fill(sale_id, now)
        return left > 0

    def _fill(self, sale_id: int, now: datetime) -> None:
        line = self.store.line(sale_id, now, self.pacing.grace)
        if line.waiting and may_admit_one_now(line, line.frontier + 1, self.pacing):
            self.store.advance(sale_id, line.frontier + 1, now, rate=line.rate,
                               expect=line.frontier)
        self.forget_line(sale_id)

    def end_admission_begun_before(self, sale_id: int, fin: str, moment: datetime,
                                   now: datetime) -> bool:
        """End the citizen's admission if it began before `moment` (when they took a place:
        a worker that died between the hold and spending it left the admission taken); the
        next in line goes in. An admission given after `moment` stays."""
        citizen = self.citizen(fin)
        admission = self.store.admission(sale_id, citizen, now)
        if admission is None or admission.until - self.window > moment:
            return False
        ended = self.store.spend(sale_id, citizen, admission.token_id)
        if ended:
            self._fill(sale_id, now)
        return ended

    def seconds_left(self, token: str | None, now: datetime) -> int:
        claims = self.signer.read_admission(token)
        return max(0, claims["e"] - epoch(now)) if claims and "e" in claims else 0

    # -- pace -------------------------------------------------------------------------------
    def press_wait(self, sale_id: int, fin: str, now: datetime) -> timedelta | None:
        """Count a Təsdiq et press; None if it may go ahead, else how long until the next may."""
        subject = f"{sale_id}:{self.citizen(fin)}"
        in_gap, gap_left = self.store.count_attempt(f"press-gap:{subject}", self.pace.gap, now)
        in_period, period_left = self.store.count_attempt(f"press-period:{subject}",
                                                          self.pace.period, now)
        if in_period > self.pace.most:
            return period_left
        if in_gap > 1:
            return gap_left
        return None

    # -- the sandbox ------------------------------------------------------------------------
    def effective_capacity(self, sale_id: int) -> int:
        override = self.store.capacity(sale_id)
        return self.pacing.most_inside if override is None else override

    def reset(self, sale_id: int) -> None:
        self.store.reset(sale_id)
        self.forget_line(sale_id)
