"""The waiting room's rules over an AdmissionStore: when the draw happens, who is admitted,
what an admission token says and when it is refused, and the pace of Təsdiq et."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from calendar import timegm
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from random import Random

from itsdangerous import BadSignature, URLSafeSerializer

from core.housing import Phase
from core.housing.waiting_room.port import AdmissionStore, Standing, State

QUEUE_PHASES = (Phase.OPEN.value, Phase.WAITING_LIST.value)


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


class WaitingRoom:
    def __init__(self, store: AdmissionStore, secret_key: str, *, capacity: int = 200,
                 window: timedelta = timedelta(minutes=10), pace: Pace = Pace(),
                 rng: Random | None = None):
        self.store, self.capacity, self.window, self.pace = store, capacity, window, pace
        self._rng = rng or secrets.SystemRandom()
        self._serializer = URLSafeSerializer(secret_key, salt="housing admission token")
        self._fin_key = hmac.new(secret_key.encode(), b"housing admission fin",
                                 hashlib.sha256).digest()

    # -- the queue --------------------------------------------------------------------------
    def enter(self, sale_id: int, fin: str, phase: str, now: datetime) -> Standing:
        """The citizen arrives (the queue page, or a sale page without a valid token): joins
        the pre-queue before the opening, the line after it, and is admitted if it is their
        turn. Idempotent: every tab and session of one FİN shares one place."""
        if phase in QUEUE_PHASES:
            self.open(sale_id, now)
        current = self.store.standing(sale_id, fin, now)
        if current.state is State.OUTSIDE:
            self.store.join(sale_id, fin, now)
        return self.look(sale_id, fin, phase, now)

    def look(self, sale_id: int, fin: str, phase: str, now: datetime) -> Standing:
        """The citizen's standing now, admitting whoever's turn it is (the queue page polls)."""
        if phase in QUEUE_PHASES:
            self.open(sale_id, now)
            self.store.admit(sale_id, now, self.capacity, self.window)
        return self.store.standing(sale_id, fin, now)

    def open(self, sale_id: int, now: datetime) -> bool:
        """The opening: the pre-queue is drawn by lot, once (True for the call that drew)."""
        return self.store.draw(sale_id, self._shuffled, now)

    def _shuffled(self, fins: list[str]) -> list[str]:
        order = list(fins)
        self._rng.shuffle(order)
        return order

    def spend(self, sale_id: int, fin: str, token: str | None, now: datetime) -> bool:
        """A hold was taken (or the citizen left): the admission ends and its place frees."""
        claims = self._claims(token)
        if claims is None or claims.get("c") != self._fin_hash(fin):
            return False
        return self.store.spend(sale_id, fin, claims["t"])

    def leave(self, sale_id: int, fin: str) -> bool:
        """The citizen gives up their place in the queue or in the sale; the next may go in."""
        return self.store.leave(sale_id, fin)

    # -- tokens -----------------------------------------------------------------------------
    def issue(self, sale_id: int, fin: str, standing: Standing) -> str:
        """The signed admission token for a citizen inside (what the cookie carries)."""
        if not (standing.inside and standing.token_id and standing.until):
            raise ValueError("only a citizen inside gets a token")
        return self._serializer.dumps({"s": sale_id, "c": self._fin_hash(fin),
                                       "t": standing.token_id, "e": _epoch(standing.until)})

    def verify(self, token: str | None, sale_id: int, fin: str, now: datetime) -> Verdict:
        if not token:
            return Verdict.MISSING
        claims = self._claims(token)
        if claims is None:
            return Verdict.FORGED
        if claims.get("s") != sale_id or claims.get("c") != self._fin_hash(fin):
            return Verdict.OTHER_CITIZEN
        if not isinstance(claims.get("e"), int) or claims["e"] <= _epoch(now):
            return Verdict.EXPIRED
        standing = self.store.standing(sale_id, fin, now)
        if standing.inside and hmac.compare_digest(standing.token_id or "", str(claims["t"])):
            return Verdict.VALID
        return Verdict.SPENT

    def seconds_left(self, token: str | None, now: datetime) -> int:
        claims = self._claims(token)
        return max(0, claims["e"] - _epoch(now)) if claims and "e" in claims else 0

    def _claims(self, token: str | None) -> dict | None:
        if not token:
            return None
        try:
            claims = self._serializer.loads(token)
        except BadSignature:
            return None
        return claims if isinstance(claims, dict) and "t" in claims else None

    def _fin_hash(self, fin: str) -> str:
        return hmac.new(self._fin_key, fin.encode(), hashlib.sha256).hexdigest()[:32]

    # -- pace -------------------------------------------------------------------------------
    def press_wait(self, sale_id: int, fin: str, now: datetime) -> timedelta | None:
        """Count a Təsdiq et press; None if it may go ahead, else how long until the next may."""
        subject = f"{sale_id}:{self._fin_hash(fin)}"
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
        return self.capacity if override is None else override


def refresh_seconds(standing: Standing, capacity: int) -> int:
    """How often the queue page refreshes itself: every 5 s within one admission round of the
    front, then twice as seldom with each round further back, up to once a minute, where a
    place moves slowly; 10,000 pages refreshing every 5 s would themselves be the crowd the
    room holds back. The pre-queue learns its drawn place within 10 s of the opening."""
    if standing.state is State.PRE_QUEUE:
        return 10
    rounds = min(4, standing.ahead // max(1, capacity))
    return min(60, 5 * 2 ** rounds)


def _epoch(moment: datetime) -> int:
    return timegm(moment.utctimetuple())
