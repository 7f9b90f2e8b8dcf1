"""Asan İmza, the mobile signature: a port and the sandbox that behaves like it.

The portal starts a request with the mobile number and user ID; Asan İmza answers with a
4-digit verification code, which the citizen also sees on the phone, where they confirm with
PIN1 (sign-in) or PIN2 (signing). Rules (seed 004, demo-data.md): 3 wrong PIN1 or PIN2 block
it until the PUK is entered; 3 wrong PUKs block the SIM for good (a duplicate SIM from the
operator and a new certificate from ASXM are needed); a subscription suspended for debt gives
"Service suspended"; a request not confirmed in time expires.

Counters and blocks live in the database (core.auth.models), so every process sees them and a
restart forgets nothing. Each call takes the caller's Session; the caller commits, also after a
failure, so a wrong PIN is always counted."""
from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.kernel import phones
from core.auth import Document, Identity, Method, sandbox_signature
from core.auth import sign_in_requests
from core.auth.passwords import hash_pin, verify_pin
from core.kernel.db import utcnow
from core.auth.models import AsanRequest, AsanSubscriber

PIN_ATTEMPTS = 3
PUK_ATTEMPTS = 3
REQUEST_LIFETIME = timedelta(minutes=2)


class Purpose(str, Enum):
    SIGN_IN = "sign_in"  # confirmed with PIN1
    SIGN = "sign"        # confirmed with PIN2


class Status(str, Enum):
    WAITING = sign_in_requests.WAITING
    CONFIRMED = "confirmed"
    DECLINED = "declined"        # "İmtina" pressed on the phone
    EXPIRED = sign_in_requests.EXPIRED
    PIN_BLOCKED = "pin_blocked"  # the third wrong PIN ended this request
    SUPERSEDED = "superseded"    # a newer request was sent to the same phone


class Refusal(str, Enum):
    """Why Asan İmza would not even send the request to the phone."""

    UNKNOWN = "unknown"                  # mobile number and user ID do not match
    SUSPENDED = "suspended"              # "Service suspended (Xidmət dayandırılmışdır)"
    PIN1_BLOCKED = "pin1_blocked"
    PIN2_BLOCKED = "pin2_blocked"
    BLOCKED_FOR_GOOD = "blocked_for_good"
    CERTIFICATE_EXPIRED = "certificate_expired"


@dataclass(frozen=True)
class Started:
    request_id: str
    verification_code: str
    expires_at: datetime


@dataclass(frozen=True)
class Refused:
    reason: Refusal


@dataclass(frozen=True)
class Outcome:
    status: Status
    purpose: Purpose
    verification_code: str
    expires_at: datetime
    identity: Identity | None = None   # set once confirmed
    signature: str | None = None       # set once a signing request is confirmed
    document_digest: str | None = None


class AsanImzaPort(Protocol):
    def start(self, session: Session, *, mobile: str, user_id: str, purpose: Purpose,
              document: Document | None = None, now: datetime | None = None,
              holder_fin: str | None = None) -> Started | Refused:
        """`holder_fin`: only a subscription of this citizen may be asked (signing their own
        document); another's is answered as a pair Asan İmza does not know, and nothing is
        sent to that phone."""
        ...

    def outcome(self, session: Session, request_id: str,
                now: datetime | None = None) -> Outcome | None: ...


def normalise_mobile(text: str) -> str | None:
    """'050 123 45 67', '+994 50 123 45 67', '0501234567' -> '0501234567'; None if not a
    mobile number of an Azerbaijani operator."""
    parsed = phones.parse_mobile(text)
    return parsed.national if parsed else None


# Phone-side answers (the sandbox phone page shows them).
class PinResult(str, Enum):
    CONFIRMED = "confirmed"
    WRONG = "wrong"
    BLOCKED = "blocked"          # this wrong PIN was the third
    NOT_WAITING = "not_waiting"  # expired, declined or already answered


class PukResult(str, Enum):
    UNBLOCKED = "unblocked"
    WRONG = "wrong"
    BLOCKED_FOR_GOOD = "blocked_for_good"
    NOT_NEEDED = "not_needed"


@dataclass(frozen=True)
class PhoneScreen:
    """What the sandbox phone shows: the SIM's state and the request waiting for a PIN."""

    mobile: str
    full_name: str
    suspended: bool
    pin1_blocked: bool
    pin2_blocked: bool
    blocked_for_good: bool
    pin1_attempts_left: int
    pin2_attempts_left: int
    puk_attempts_left: int
    request: AsanRequest | None


class SandboxAsanImza:
    """The sandbox adapter: the operator's SIM records and the signature server in one."""

    def __init__(self, lifetime: timedelta = REQUEST_LIFETIME):
        self.lifetime = lifetime

    # --- the port -----------------------------------------------------------------------
    def start(self, session: Session, *, mobile: str, user_id: str, purpose: Purpose,
              document: Document | None = None, now: datetime | None = None,
              holder_fin: str | None = None) -> Started | Refused:
        now = now or utcnow()
        subscriber = _subscriber(session, normalise_mobile(mobile) or "")
        given = (user_id or "").strip().encode()
        if subscriber is None or not hmac.compare_digest(subscriber.user_id.encode(), given):
            return Refused(Refusal.UNKNOWN)
        if holder_fin is not None and subscriber.fin != holder_fin:
            return Refused(Refusal.UNKNOWN)
        refusal = _refusal(subscriber, purpose, now)
        if refusal is not None:
            return Refused(refusal)
        if purpose is Purpose.SIGN and document is None:
            raise ValueError("a signing request needs the document to sign")
        session.execute(
            update(AsanRequest)
            .where(AsanRequest.mobile == subscriber.mobile, AsanRequest.status == Status.WAITING.value)
            .values(status=Status.SUPERSEDED.value, decided_at=now)
        )
        request = AsanRequest(
            id=secrets.token_urlsafe(32), mobile=subscriber.mobile, purpose=purpose.value,
            verification_code=f"{secrets.randbelow(10_000):04d}",
            document_title=document.title if document else None,
            document_digest=document.digest if document else None,
            status=Status.WAITING.value, created_at=now, expires_at=now + self.lifetime,
        )
        session.add(request)
        session.flush()
        return Started(request.id, request.verification_code, request.expires_at)

    def outcome(self, session: Session, request_id: str,
                now: datetime | None = None) -> Outcome | None:
        request = session.get(AsanRequest, request_id or "")
        if request is None:
            return None
        sign_in_requests.expire_if_due(request, now or utcnow())
        identity = signature = None
        if request.status == Status.CONFIRMED.value:
            subscriber = session.get(AsanSubscriber, request.mobile)
            identity = Identity(subscriber.fin, subscriber.full_name, Method.ASAN_IMZA)
            signature = request.signature
        return Outcome(Status(request.status), Purpose(request.purpose),
                       request.verification_code, request.expires_at, identity, signature,
                       request.document_digest)

    def consume(self, session: Session, request_id: str, now: datetime | None = None) -> bool:
        """Mark a confirmed request as used by the portal. True for the first caller only,
        so a double click or a second tab never makes two sessions from one confirmation."""
        result = session.execute(
            update(AsanRequest)
            .where(AsanRequest.id == request_id, AsanRequest.status == Status.CONFIRMED.value,
                   AsanRequest.consumed_at.is_(None))
            .values(consumed_at=now or utcnow())
        )
        return result.rowcount == 1

    # --- the phone (sandbox only) ---------------------------------------------------------
    def phone(self, session: Session, mobile: str, now: datetime | None = None) -> PhoneScreen | None:
        now = now or utcnow()
        subscriber = _subscriber(session, mobile)
        if subscriber is None:
            return None
        request = session.execute(
            select(AsanRequest)
            .where(AsanRequest.mobile == subscriber.mobile, AsanRequest.status == Status.WAITING.value)
            .order_by(AsanRequest.created_at.desc())
        ).scalars().first()
        if request is not None and sign_in_requests.expire_if_due(request, now):
            request = None
        return PhoneScreen(
            mobile=subscriber.mobile, full_name=subscriber.full_name,
            suspended=subscriber.suspended,
            pin1_blocked=subscriber.pin1_failures >= PIN_ATTEMPTS,
            pin2_blocked=subscriber.pin2_failures >= PIN_ATTEMPTS,
            blocked_for_good=subscriber.puk_failures >= PUK_ATTEMPTS,
            pin1_attempts_left=max(0, PIN_ATTEMPTS - subscriber.pin1_failures),
            pin2_attempts_left=max(0, PIN_ATTEMPTS - subscriber.pin2_failures),
            puk_attempts_left=max(0, PUK_ATTEMPTS - subscriber.puk_failures),
            request=request,
        )

    def enter_pin(self, session: Session, request_id: str, pin: str,
                  now: datetime | None = None) -> tuple[PinResult, int]:
        """Answer the request on the phone. Returns the result and the attempts left."""
        now = now or utcnow()
        request = session.get(AsanRequest, request_id or "", with_for_update=True)
        if request is None or request.status != Status.WAITING.value or sign_in_requests.expire_if_due(request, now):
            return PinResult.NOT_WAITING, 0
        subscriber = _subscriber(session, request.mobile)
        field = "pin1" if request.purpose == Purpose.SIGN_IN.value else "pin2"
        failures = getattr(subscriber, f"{field}_failures")
        if failures >= PIN_ATTEMPTS or subscriber.puk_failures >= PUK_ATTEMPTS:
            request.status, request.decided_at = Status.PIN_BLOCKED.value, now
            return PinResult.BLOCKED, 0
        if verify_pin(getattr(subscriber, f"{field}_hash"), (pin or "").strip()):
            setattr(subscriber, f"{field}_failures", 0)
            request.status, request.decided_at = Status.CONFIRMED.value, now
            if request.purpose == Purpose.SIGN.value:
                request.signature = sandbox_signature(
                    Method.ASAN_IMZA, subscriber.fin, request.document_digest)
            session.flush()
            return PinResult.CONFIRMED, PIN_ATTEMPTS
        failures += 1
        setattr(subscriber, f"{field}_failures", failures)
        if failures >= PIN_ATTEMPTS:
            request.status, request.decided_at = Status.PIN_BLOCKED.value, now
            session.flush()
            return PinResult.BLOCKED, 0
        session.flush()
        return PinResult.WRONG, PIN_ATTEMPTS - failures

    def decline(self, session: Session, request_id: str, now: datetime | None = None) -> bool:
        now = now or utcnow()
        request = session.get(AsanRequest, request_id or "", with_for_update=True)
        if request is None or request.status != Status.WAITING.value or sign_in_requests.expire_if_due(request, now):
            return False
        request.status, request.decided_at = Status.DECLINED.value, now
        session.flush()
        return True

    def enter_puk(self, session: Session, mobile: str, puk: str) -> tuple[PukResult, int]:
        """Unblock PIN1 and PIN2 with the PUK. Returns the result and the PUK attempts left."""
        subscriber = _subscriber(session, mobile)
        if subscriber is None:
            return PukResult.NOT_NEEDED, 0
        if subscriber.puk_failures >= PUK_ATTEMPTS:
            return PukResult.BLOCKED_FOR_GOOD, 0
        if subscriber.pin1_failures < PIN_ATTEMPTS and subscriber.pin2_failures < PIN_ATTEMPTS:
            return PukResult.NOT_NEEDED, PUK_ATTEMPTS - subscriber.puk_failures
        if verify_pin(subscriber.puk_hash, (puk or "").strip()):
            subscriber.pin1_failures = subscriber.pin2_failures = subscriber.puk_failures = 0
            session.flush()
            return PukResult.UNBLOCKED, PUK_ATTEMPTS
        subscriber.puk_failures += 1
        session.flush()
        if subscriber.puk_failures >= PUK_ATTEMPTS:
            return PukResult.BLOCKED_FOR_GOOD, 0
        return PukResult.WRONG, PUK_ATTEMPTS - subscriber.puk_failures

    def issue_duplicate_sim(self, session: Session, mobile: str) -> bool:
        """What the operator does for a SIM blocked for good (sandbox: counters back to zero,
        so a demo can be shown again)."""
        subscriber = _subscriber(session, mobile)
        if subscriber is None:
            return False
        subscriber.pin1_failures = subscriber.pin2_failures = subscriber.puk_failures = 0
        session.flush()
        return True


def add_subscriber(session: Session, *, mobile: str, user_id: str, fin: str, full_name: str,
                   pin1: str, pin2: str, puk: str, certificate_valid_until,
                   suspended: bool = False) -> AsanSubscriber:
    subscriber = AsanSubscriber(
        mobile=mobile, user_id=user_id, fin=fin, full_name=full_name,
        pin1_hash=hash_pin(pin1), pin2_hash=hash_pin(pin2), puk_hash=hash_pin(puk),
        suspended=suspended, certificate_valid_until=certificate_valid_until,
    )
    session.add(subscriber)
    session.flush()
    return subscriber


def _subscriber(session: Session, mobile: str) -> AsanSubscriber | None:
    if not mobile:
        return None
    return session.get(AsanSubscriber, mobile, with_for_update=True)


def _refusal(subscriber: AsanSubscriber, purpose: Purpose, now: datetime) -> Refusal | None:
    if subscriber.puk_failures >= PUK_ATTEMPTS:
        return Refusal.BLOCKED_FOR_GOOD
    if subscriber.suspended:
        return Refusal.SUSPENDED
    if subscriber.certificate_valid_until < now.date():
        return Refusal.CERTIFICATE_EXPIRED
    if purpose is Purpose.SIGN_IN and subscriber.pin1_failures >= PIN_ATTEMPTS:
        return Refusal.PIN1_BLOCKED
    if purpose is Purpose.SIGN and subscriber.pin2_failures >= PIN_ATTEMPTS:
        return Refusal.PIN2_BLOCKED
    return None


def purge_expired(session: Session, now: datetime | None = None) -> int:
    """Delete Asan İmza requests that expired long ago (nightly housekeeping)."""
    return sign_in_requests.purge_expired(session, AsanRequest, now)
