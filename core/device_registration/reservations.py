"""One IMEI, one application: the device is reserved for a draft just before its bank is
asked, by a conditional write the database decides, so two browsers paying for one device at
once get one charge; the second is refused before any bank is asked.

    refusal = reserve(factory, imei, draft_id)   # None: reserved for this draft; or "reserved"
    release(factory, imei, draft_id)             # the bank took nothing: free it again

A reservation is the draft's until it expires; after that another draft may take it over,
unless a payment of the holder is still unsettled (then the bank's answer is awaited)."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from core.device_registration.models import ImeiReservation
from core.kernel.db import transaction, utcnow
from core.device_registration.registration import payment_subject
from core.payments.models import Payment
from core.payments.service import PROCESSING, UNKNOWN

RESERVED = "reserved"
HELD_FOR = timedelta(minutes=30)
UNSETTLED = (PROCESSING, UNKNOWN)


def reserve(factory: sessionmaker[Session], imei: str, draft_id: str, *,
            now: datetime | None = None) -> str | None:
    now = now or utcnow()
    with transaction(factory) as session:
        try:
            with session.begin_nested():
                session.add(ImeiReservation(imei=imei, draft_id=draft_id, created_at=now,
                                            expires_at=now + HELD_FOR))
            return None
        except IntegrityError:
            pass  # held already: by this draft (a retry), or by another
        holder = session.execute(select(ImeiReservation.draft_id).where(
            ImeiReservation.imei == imei)).scalar_one_or_none()
        if holder is not None and holder != draft_id and _paying(session, holder):
            return RESERVED
        taken = session.execute(
            update(ImeiReservation)
            .where(ImeiReservation.imei == imei,
                   or_(ImeiReservation.draft_id == draft_id, ImeiReservation.expires_at < now))
            .values(draft_id=draft_id, expires_at=now + HELD_FOR)
        )
        return None if taken.rowcount else RESERVED


def release(factory: sessionmaker[Session], imei: str, draft_id: str) -> None:
    with transaction(factory) as session:
        session.execute(delete(ImeiReservation).where(
            ImeiReservation.imei == imei, ImeiReservation.draft_id == draft_id))


def _paying(session: Session, draft_id: str) -> bool:
    return session.execute(select(Payment.id).where(
        Payment.subject == payment_subject(draft_id), Payment.status.in_(UNSETTLED)
    ).limit(1)).first() is not None
