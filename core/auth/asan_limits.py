"""How often a (mobile number, İstifadəçi ID) pair Asan İmza does not know may be tried, for
signing in and for signing alike: guessing which user ID goes with a number is stopped, and no
stranger can lock a citizen out (the rules of password sign-in, core.auth.accounts).

- NUMBER_CLIENT: unknown pairs for one number from one client stop that client for that number.
- CLIENT: unknown pairs for any numbers from one client stop that client, but not a browser that
  has signed in with that number before (`known_browser`): many citizens share an address behind
  a mobile operator's NAT or an office's, and one of them must not lock out the others.
- NUMBER: unknown pairs for one number from many clients never lock it: past a few, a browser
  that has not signed in with it before must also pass a security code.

A pair Asan İmza knows is never counted, and is never answered differently while a limit holds:
the answer to a stopped client says nothing about the pair it sent. The caller commits, so
failures are counted even though the citizen sees an error."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from sqlalchemy.orm import Session

from core.kernel.db import utcnow
from core.platform.ratelimit import RateLimit

NUMBER_CLIENT = RateLimit("asan-imza-number-client", max_failures=5, window=timedelta(minutes=15))
CLIENT = RateLimit("asan-imza-client", max_failures=50, window=timedelta(minutes=15))
NUMBER = RateLimit("asan-imza-number", max_failures=10, window=timedelta(minutes=15))
KNOWN_BROWSER = "known-browser"  # the client of a browser that signed in with the number


class Verdict(str, Enum):
    GO = "go"                    # ask Asan İmza
    TOO_MANY = "too_many"        # this client, for this number (or for every number): wait
    CODE_NEEDED = "code_needed"  # many unknown pairs for this number from elsewhere


@dataclass(frozen=True)
class Check:
    verdict: Verdict
    retry_after: timedelta = timedelta(0)


def _limits(mobile: str, client: str, known_browser: bool) -> list[tuple[RateLimit, str]]:
    client = KNOWN_BROWSER if known_browser else client
    found = [(NUMBER_CLIENT, f"{mobile}\x00{client}")]
    if not known_browser and client:
        found.append((CLIENT, client))
    return found


def check(session: Session, mobile: str, client: str, *, known_browser: bool = False,
          code_passed: bool = False, now: datetime | None = None) -> Check:
    """May this client ask Asan İmza about this number now?"""
    now = now or utcnow()
    for limit, subject in _limits(mobile, client, known_browser):
        if limit.is_blocked(session, subject, now):
            return Check(Verdict.TOO_MANY, limit.retry_after(session, subject, now))
    if not known_browser and not code_passed and NUMBER.is_blocked(session, mobile, now):
        return Check(Verdict.CODE_NEEDED)
    return Check(Verdict.GO)


def record_unknown(session: Session, mobile: str, client: str, *, known_browser: bool = False,
                   now: datetime | None = None) -> None:
    """Asan İmza did not know the pair: count it against the client and the number."""
    now = now or utcnow()
    for limit, subject in _limits(mobile, client, known_browser):
        limit.record_failure(session, subject, now)
    NUMBER.record_failure(session, mobile, now)


def record_known(session: Session, mobile: str, client: str, *,
                 known_browser: bool = False) -> None:
    """The pair was right: this client's failures for the number are forgotten."""
    NUMBER_CLIENT.reset(session, _limits(mobile, client, known_browser)[0][1])
