"""The sandbox Asan İmza in this process, behind the AsanImzaPort (core.auth.asan_imza): the
operator's SIM records and the signature server in one, and the phone the /sandbox pages
drive. Counters and blocks live in the database (core.auth.models), so every process sees them
and a restart forgets nothing."""
from __future__ import annotations

import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.auth import Document, Identity, Method, sandbox_signature, sign_in_requests
from core.auth.asan_imza import (PIN_ATTEMPTS, PUK_ATTEMPTS, REQUEST_LIFETIME, Outcome,
                                 PhoneScreen, PinResult, PukResult, Purpose, Refusal, Refused,
                                 Started, Status, normalise_mobile)
from core.auth.models import AsanRequest, AsanSubscriber
from core.auth.passwords import hash_pin, verify_pin
from core.kernel.db import utcnow


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
