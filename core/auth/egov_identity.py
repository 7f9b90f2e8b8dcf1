"""e-gov identity, the portal's mobile identity app: the port and its rules (the sandbox that
behaves like it is core.sandbox.egov_identity).

The portal asks the app service for a sign-in request without knowing who will answer it; the
sign-in page shows the request as a QR code and as an 8-character request code. The citizen
scans the QR code in the app (or types the code), which gives the request to the app's owner,
and approves it there with the 4-digit app PIN, or declines it. The portal learns the outcome
by asking (`outcome`) and turns an approval into a session once (`consume`). Only the browser
that holds the request id (never shown, unlike the code) can do that.

Rules (demo-data.md): a request expires 3 minutes after it was made and can be renewed; 5 wrong
app PINs in a row lock the app's sign-in for 15 minutes.

Counters, locks and requests live in the database (core.auth.models), so every process sees
them and a restart forgets nothing. Each call takes the caller's Session; the caller commits,
also after a failure, so a wrong PIN is always counted. Time comes from the clock the adapter
was made with, so tests move the clock instead of sleeping."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Protocol

from sqlalchemy.orm import Session

from core.auth import Identity
from core.auth.models import EgovIdentityRequest
from core.auth import sign_in_requests

PIN_ATTEMPTS = 5
LOCK_DURATION = timedelta(minutes=15)
REQUEST_LIFETIME = timedelta(minutes=3)
# No 0/O, 1/I: a code read off a screen and typed into a phone.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
QR_PREFIX = "EGOVID:"  # what the app expects to read from the portal's QR code


class Status(str, Enum):
    WAITING = sign_in_requests.WAITING  # on the portal's page; perhaps already opened in an app
    APPROVED = "approved"
    DECLINED = "declined"    # "İmtina et" pressed in the app
    EXPIRED = sign_in_requests.EXPIRED
    LOCKED = "locked"        # the fifth wrong PIN in a row ended it
    CANCELLED = "cancelled"  # the portal page asked for a new request instead


ENDED = frozenset({Status.DECLINED, Status.EXPIRED, Status.LOCKED, Status.CANCELLED})


@dataclass(frozen=True)
class Started:
    request_id: str        # the portal keeps it in the browser's signed cookie
    code: str              # shown to the citizen, typed in the app
    qr_payload: str        # what the QR code on the portal page encodes
    expires_at: datetime


@dataclass(frozen=True)
class Outcome:
    status: Status
    code: str
    qr_payload: str
    expires_at: datetime
    identity: Identity | None = None  # set once approved


class EgovIdentityPort(Protocol):
    """What the portal asks the e-gov identity service."""

    def now(self) -> datetime: ...

    def start(self, session: Session) -> Started: ...

    def outcome(self, session: Session, request_id: str) -> Outcome | None: ...

    def consume(self, session: Session, request_id: str) -> bool: ...

    def cancel(self, session: Session, request_id: str) -> None: ...


def normalise_code(text: str | None) -> str | None:
    """'abcd 2345', 'ABCD-2345', 'EGOVID:ABCD2345' -> 'ABCD2345'; None if it cannot be a code."""
    value = (text or "").strip().upper()
    if value.startswith(QR_PREFIX):
        value = value[len(QR_PREFIX):]
    value = value.replace(" ", "").replace("-", "")
    if len(value) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in value):
        return None
    return value


def qr_payload(code: str) -> str:
    return QR_PREFIX + code


# App-side answers (the sandbox app page shows them).
class OpenResult(str, Enum):
    OPENED = "opened"
    NOT_FOUND = "not_found"  # no request waits with this code (typo, expired, someone else's)
    LOCKED = "locked"


class PinResult(str, Enum):
    APPROVED = "approved"
    WRONG = "wrong"
    LOCKED = "locked"            # this wrong PIN was the fifth, or the app was already locked
    NOT_WAITING = "not_waiting"  # expired, declined, answered, or not this citizen's


@dataclass(frozen=True)
class AppScreen:
    """What the sandbox app shows its owner: the lock and the request opened in the app."""

    fin: str
    full_name: str
    locked_until: datetime | None
    attempts_left: int
    request: EgovIdentityRequest | None


def purge_expired(session: Session, now: datetime | None = None) -> int:
    """Delete e-gov identity requests that expired long ago (nightly housekeeping)."""
    return sign_in_requests.purge_expired(session, EgovIdentityRequest, now)
