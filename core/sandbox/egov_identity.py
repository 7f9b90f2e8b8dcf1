"""The sandbox e-gov identity service in this process, behind the EgovIdentityPort
(core.auth.egov_identity): the app service with its accounts and requests in our database, and
the app the /sandbox pages drive; and its accounts (demo-data.md, "e-gov identity"): Aysel's
and Rəşad's app PINs, only added when missing, so a locked app stays locked across restarts."""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Callable

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.auth import Identity, Method, sign_in_requests
from core.auth.egov_identity import (CODE_ALPHABET, CODE_LENGTH, LOCK_DURATION, PIN_ATTEMPTS,
                                     REQUEST_LIFETIME, AppScreen, OpenResult, Outcome, PinResult,
                                     Started, Status, normalise_code, qr_payload)
from core.auth.models import EgovIdentityRequest, EgovIdentityUser
from core.auth.passwords import hash_pin, verify_pin
from core.kernel.db import utcnow
from core.sandbox.citizens import AYSEL, RESHAD

APP_PINS: dict[str, str] = {AYSEL.fin: "2468", RESHAD.fin: "8642"}


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


def load(session: Session) -> bool:
    added = False
    for citizen in (AYSEL, RESHAD):
        if session.get(EgovIdentityUser, citizen.fin) is None:
            add_user(session, fin=citizen.fin, full_name=citizen.full_name,
                                   pin=APP_PINS[citizen.fin])
            added = True
    session.flush()
    return added
