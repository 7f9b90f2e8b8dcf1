"""e-gov identity, the portal's mobile identity app: a port and the sandbox that behaves like it.

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

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Callable, Protocol

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.auth import Identity, Method
from core.auth.models import EgovIdentityRequest, EgovIdentityUser
from core.auth import sign_in_requests
from core.auth.passwords import hash_pin, verify_pin
from core.kernel.db import utcnow

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


class SandboxEgovIdentity:
    """The sandbox adapter: the app service with its accounts and requests, in our database."""

    def __init__(self, lifetime: timedelta = REQUEST_LIFETIME,
                 clock: Callable[[], datetime] = utcnow):
        self.lifetime = lifetime
        self.clock = clock

    def now(self) -> datetime:
        return self.clock()

    # --- the port -----------------------------------------------------------------------
    def start(self, session: Session) -> Started:
        now = self.clock()
        for _attempt in range(5):
            request = EgovIdentityRequest(
                id=secrets.token_urlsafe(32), code=_new_code(), status=Status.WAITING.value,
                created_at=now, expires_at=now + self.lifetime)
            try:
                with session.begin_nested():  # a code still in the table: draw another
                    session.add(request)
                    session.flush()
            except IntegrityError:
                continue
            return Started(request.id, request.code, qr_payload(request.code), request.expires_at)
        raise RuntimeError("could not draw an unused request code")

    def outcome(self, session: Session, request_id: str) -> Outcome | None:
        request = session.get(EgovIdentityRequest, request_id or "")
        if request is None:
            return None
        sign_in_requests.expire_if_due(request, self.clock())
        identity = None
        if request.status == Status.APPROVED.value:
            user = session.get(EgovIdentityUser, request.fin)
            identity = Identity(user.fin, user.full_name, Method.EGOV_IDENTITY)
        return Outcome(Status(request.status), request.code, qr_payload(request.code),
                       request.expires_at, identity)

    def consume(self, session: Session, request_id: str) -> bool:
        """Mark an approved request as used by the portal. True for the first caller only,
        so a double click or a second tab never makes two sessions from one approval."""
        result = session.execute(
            update(EgovIdentityRequest)
            .where(EgovIdentityRequest.id == (request_id or ""),
                   EgovIdentityRequest.status == Status.APPROVED.value,
                   EgovIdentityRequest.consumed_at.is_(None))
            .values(consumed_at=self.clock())
        )
        return result.rowcount == 1

    def cancel(self, session: Session, request_id: str) -> None:
        """The portal page replaced this request by a new one: the app can no longer answer it."""
        session.execute(
            update(EgovIdentityRequest)
            .where(EgovIdentityRequest.id == (request_id or ""),
                   EgovIdentityRequest.status == Status.WAITING.value)
            .values(status=Status.CANCELLED.value, decided_at=self.clock())
        )

    # --- the app (sandbox only) -----------------------------------------------------------
    def app(self, session: Session, fin: str) -> AppScreen | None:
        now = self.clock()
        user = session.get(EgovIdentityUser, fin or "")
        if user is None:
            return None
        request = session.execute(
            select(EgovIdentityRequest)
            .where(EgovIdentityRequest.fin == user.fin,
                   EgovIdentityRequest.status == Status.WAITING.value)
            .order_by(EgovIdentityRequest.opened_at.desc())
        ).scalars().first()
        if request is not None and sign_in_requests.expire_if_due(request, now):
            request = None
        locked = _locked(user, now)
        return AppScreen(user.fin, user.full_name, user.locked_until if locked else None,
                         0 if locked else PIN_ATTEMPTS - user.pin_failures, request)

    def open_request(self, session: Session, fin: str, code: str) -> OpenResult:
        """The app scanned the QR code (or its owner typed the code): the request is theirs."""
        now = self.clock()
        user = session.get(EgovIdentityUser, fin or "", with_for_update=True)
        wanted = normalise_code(code)
        if user is None or wanted is None:
            return OpenResult.NOT_FOUND
        if _locked(user, now):
            return OpenResult.LOCKED
        result = session.execute(
            update(EgovIdentityRequest)
            .where(EgovIdentityRequest.code == wanted,
                   EgovIdentityRequest.status == Status.WAITING.value,
                   EgovIdentityRequest.fin.is_(None),
                   EgovIdentityRequest.expires_at > now)
            .values(fin=user.fin, opened_at=now)
        )
        return OpenResult.OPENED if result.rowcount == 1 else OpenResult.NOT_FOUND

    def approve(self, session: Session, fin: str, request_id: str,
                pin: str) -> tuple[PinResult, int]:
        """Approve the citizen's own request with the app PIN. Returns the result and the
        attempts left before the lock."""
        now = self.clock()
        request = _own_waiting_request(session, fin, request_id, now)
        if request is None:
            return PinResult.NOT_WAITING, 0
        user = session.get(EgovIdentityUser, request.fin, with_for_update=True)
        if _locked(user, now):
            request.status, request.decided_at = Status.LOCKED.value, now
            session.flush()
            return PinResult.LOCKED, 0
        if verify_pin(user.pin_hash, (pin or "").strip()):
            user.pin_failures = 0
            request.status, request.decided_at = Status.APPROVED.value, now
            session.flush()
            return PinResult.APPROVED, PIN_ATTEMPTS
        user.pin_failures += 1
        if user.pin_failures >= PIN_ATTEMPTS:
            user.pin_failures, user.locked_until = 0, now + LOCK_DURATION
            request.status, request.decided_at = Status.LOCKED.value, now
            session.flush()
            return PinResult.LOCKED, 0
        session.flush()
        return PinResult.WRONG, PIN_ATTEMPTS - user.pin_failures

    def decline(self, session: Session, fin: str, request_id: str) -> bool:
        now = self.clock()
        request = _own_waiting_request(session, fin, request_id, now)
        if request is None:
            return False
        request.status, request.decided_at = Status.DECLINED.value, now
        session.flush()
        return True


def add_user(session: Session, *, fin: str, full_name: str, pin: str) -> EgovIdentityUser:
    user = EgovIdentityUser(fin=fin, full_name=full_name, pin_hash=hash_pin(pin))
    session.add(user)
    session.flush()
    return user


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _locked(user: EgovIdentityUser, now: datetime) -> bool:
    return user.locked_until is not None and now < user.locked_until


def _own_waiting_request(session: Session, fin: str, request_id: str,
                         now: datetime) -> EgovIdentityRequest | None:
    request = session.get(EgovIdentityRequest, request_id or "", with_for_update=True)
    if request is None or request.fin is None or request.fin != fin:
        return None
    if request.status != Status.WAITING.value or sign_in_requests.expire_if_due(request, now):
        return None
    return request


def purge_expired(session: Session, now: datetime | None = None) -> int:
    """Delete e-gov identity requests that expired long ago (nightly housekeeping)."""
    return sign_in_requests.purge_expired(session, EgovIdentityRequest, now)
