"""Taking, signing and giving up places on flats. Each decision is one conditional write that
unique keys back (see core.housing.models.Place): never a read in Python followed by a write.

    result = press_confirm(session, fin=fin, flat_id=flat_id, payment_method="ipoteka")
    session.commit(); [core.notifications.jobs.enqueue(i) for i in result.notices]

A hold that has run out is ended on the next read or write of the sale (`lapse_due`, also run
every minute by core.housing.jobs), and its flat goes to the 1st reserve, who is told by SMS."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from sqlalchemy import DateTime, Integer, String, and_, exists, insert, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.housing import (
    HOLD_PHASES, HOLD_TIME, RESERVE_PHASES, RESERVE_PLACES, PaymentMethod, PlaceStatus,
)
from core.housing import notices
from core.housing.events import EventKind, emit
from core.housing.models import Cabinet, Flat, Place, Sale
from core.kernel.db import utcnow

HELD, RESERVE, SIGNED = PlaceStatus.HELD.value, PlaceStatus.RESERVE.value, PlaceStatus.SIGNED.value


class Outcome(str, Enum):
    HELD = "held"
    RESERVED = "reserved"
    SIGNED = "signed"
    WITHDRAWN = "withdrawn"
    FLAT_TAKEN = "flat_taken"                # chosen by someone else (outside the waiting list)
    SOLD = "sold"
    WAITING_LIST_FULL = "waiting_list_full"
    ALREADY_HAS_PLACE = "already_has_place"  # one place per citizen
    NOT_ON_SALE = "not_on_sale"              # no such flat, or the phase does not allow it
    NO_CABINET = "no_cabinet"
    NOT_HELD = "not_held"                    # nothing to sign or withdraw (lapsed meanwhile)


@dataclass
class Result:
    outcome: Outcome
    place: Place | None = None
    notices: list[int] = field(default_factory=list)  # outbox ids to enqueue after commit


def slot_key(flat_id: int, position: int) -> str:
    return f"{flat_id}:{position}"


def citizen_key(sale_id: int, fin: str) -> str:
    return f"{sale_id}:{fin}"


def press_confirm(session: Session, *, fin: str, flat_id: int, payment_method: str,
                  now: datetime | None = None, lapse_first: bool = True) -> Result:
    """Təsdiq et: hold a free flat; on a held flat in the waiting-list phase, take the first
    free reserve place. `lapse_first=False`: the caller knows no hold is due to lapse (a
    second-old copy of the sale's holds says so; a hold due since then is ended by the next
    request or the housing job, and the flat it holds is refused here meanwhile)."""
    now = now or utcnow()
    method = PaymentMethod(payment_method).value
    pending = lapse_due(session, now) if lapse_first else []
    flat = session.get(Flat, flat_id)
    if flat is None:
        return Result(Outcome.NOT_ON_SALE, notices=pending)
    if session.get(Cabinet, fin) is None:
        return Result(Outcome.NO_CABINET, notices=pending)
    taken = _take(session, flat, fin, method, 0, now)
    if isinstance(taken, Place):
        emit(session, EventKind.HOLD, taken, now)
        return Result(Outcome.HELD, taken, pending)
    if taken is not None:
        return Result(taken, notices=pending)
    holder = _at(session, flat.id, 0)
    if holder is not None and holder.status == SIGNED:
        return Result(Outcome.SOLD, notices=pending)
    if session.get(Sale, flat.sale_id).phase not in RESERVE_PHASES:
        return Result(Outcome.FLAT_TAKEN, notices=pending)
    for position in range(1, RESERVE_PLACES + 1):
        taken = _take(session, flat, fin, method, position, now)
        if isinstance(taken, Place):
            emit(session, EventKind.RESERVE, taken, now)
            return Result(Outcome.RESERVED, taken, pending)
        if taken is not None:
            return Result(taken, notices=pending)
    return Result(Outcome.WAITING_LIST_FULL, notices=pending)


def _take(session: Session, flat: Flat, fin: str, method: str, position: int,
          now: datetime) -> Place | Outcome | None:
    """One INSERT … SELECT: the place, or an Outcome why not, or None if the slot is taken."""
    phases = HOLD_PHASES if position == 0 else RESERVE_PHASES
    conditions = [Sale.id == flat.sale_id, Sale.phase.in_(phases),
                  exists().where(Cabinet.fin == fin)]
    if position > 0:  # a reserve place only on a flat someone holds (not free, not sold)
        conditions.append(exists().where(and_(Place.slot_key == slot_key(flat.id, 0),
                                              Place.status == HELD)))
    held_from = literal(now, DateTime) if position == 0 else literal(None, DateTime)
    held_until = literal(now + HOLD_TIME, DateTime) if position == 0 else literal(None, DateTime)
    row = select(
        literal(flat.sale_id, Integer), literal(flat.id, Integer), literal(fin, String),
        literal(position, Integer), literal(HELD if position == 0 else RESERVE, String),
        literal(method, String), literal(slot_key(flat.id, position), String),
        literal(citizen_key(flat.sale_id, fin), String), literal(now, DateTime),
        held_from, held_until,
    ).select_from(Sale).where(*conditions)
    statement = insert(Place).from_select(
        ["sale_id", "flat_id", "fin", "position", "status", "payment_method", "slot_key",
         "citizen_key", "created_at", "held_from", "held_until"], row).returning(Place.id)
    try:
        with session.begin_nested():
            # RETURNING, not rowcount: psycopg reports -1 for INSERT … SELECT here.
            inserted = session.connection().execute(statement).scalars().all()
    except IntegrityError:
        if live_place(session, flat.sale_id, fin) is not None:
            return Outcome.ALREADY_HAS_PLACE
        return None
    if len(inserted) != 1:
        return Outcome.NOT_ON_SALE
    return session.get(Place, inserted[0], populate_existing=True)


def live_place(session: Session, sale_id: int, fin: str) -> Place | None:
    return session.execute(
        select(Place).where(Place.citizen_key == citizen_key(sale_id, fin))
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()


def _at(session: Session, flat_id: int, position: int) -> Place | None:
    return session.execute(
        select(Place).where(Place.slot_key == slot_key(flat_id, position))
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()


def sign(session: Session, *, fin: str, place_id: int, method: str, signature: str,
         document_digest: str, now: datetime | None = None) -> Result:
    """The holder signed the application: the flat is theirs if the hold is still theirs."""
    now = now or utcnow()
    pending = lapse_due(session, now)
    signed = session.execute(
        update(Place).where(Place.id == place_id, Place.fin == fin, Place.status == HELD,
                            Place.held_until > now)
        .values(status=SIGNED, signed_at=now, signature_method=method,
                signature_value=signature, document_digest=document_digest)
        .execution_options(synchronize_session=False)
    ).rowcount
    if signed != 1:
        return Result(Outcome.NOT_HELD, notices=pending)
    place = session.get(Place, place_id, populate_existing=True)
    emit(session, EventKind.SIGN, place, now)
    flat = session.get(Flat, place.flat_id)
    for position in range(1, RESERVE_PLACES + 1):
        reserve = _end(session, _at(session, flat.id, position), PlaceStatus.RELEASED, now)
        if reserve is not None:
            emit(session, EventKind.RELEASE, reserve, now)
            pending.append(notices.flat_was_sold(session, reserve, flat))
    return Result(Outcome.SIGNED, place, [n for n in pending if n])


def withdraw(session: Session, *, fin: str, sale_id: int, now: datetime | None = None) -> Result:
    """Give up a hold or a reserve place; the places behind it move up."""
    now = now or utcnow()
    pending = lapse_due(session, now)
    place = _end(session, live_place(session, sale_id, fin), PlaceStatus.WITHDRAWN, now,
                 only=(HELD, RESERVE))
    if place is None:
        return Result(Outcome.NOT_HELD, notices=pending)
    emit(session, EventKind.WITHDRAW, place, now)
    pending += _close_gap(session, place.flat_id, place.position, now)
    return Result(Outcome.WITHDRAWN, place, pending)


def any_due(session: Session, now: datetime) -> bool:
    """Is a hold past its time, so that lapse_due would change something? (Only reads.)"""
    return session.execute(select(Place.id).where(Place.status == HELD, Place.held_until <= now)
                           .limit(1)).first() is not None


def lapse_due(session: Session, now: datetime | None = None) -> list[int]:
    """End every hold past its time; its flat goes to the 1st reserve. Returns outbox ids."""
    now = now or utcnow()
    pending: list[int] = []
    due = session.execute(
        select(Place).where(Place.status == HELD, Place.held_until <= now)
        .execution_options(populate_existing=True)
    ).scalars().all()
    for candidate in due:
        place = _end(session, candidate, PlaceStatus.LAPSED, now, only=(HELD,),
                     extra=(Place.held_until <= now,))
        if place is not None:
            emit(session, EventKind.LAPSE, place, now)
            pending += _close_gap(session, place.flat_id, 0, now)
    return pending


def _end(session: Session, place: Place | None, status: PlaceStatus, now: datetime, *,
         only: tuple[str, ...] = (RESERVE,), extra=()) -> Place | None:
    """Conditionally end a live place (its keys freed). None if another request ended it."""
    if place is None:
        return None
    ended = session.execute(
        update(Place).where(Place.id == place.id, Place.status.in_(only),
                            Place.slot_key == place.slot_key, *extra)
        .values(status=status.value, ended_at=now, slot_key=None, citizen_key=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    if ended != 1:
        return None
    return session.get(Place, place.id, populate_existing=True)


def _close_gap(session: Session, flat_id: int, vacated: int, now: datetime) -> list[int]:
    """The reserves behind a vacated position move up one by one; one reaching position 0
    holds the flat for HOLD_TIME from now and is told by SMS."""
    pending: list[int] = []
    behind = session.execute(
        select(Place).where(Place.flat_id == flat_id, Place.status == RESERVE,
                            Place.slot_key.is_not(None), Place.position > vacated)
        .order_by(Place.position).execution_options(populate_existing=True)
    ).scalars().all()
    target = vacated
    for reserve in behind:
        values = {"position": target, "slot_key": slot_key(flat_id, target)}
        if target == 0:
            values.update(status=HELD, held_from=now, held_until=now + HOLD_TIME)
        try:
            with session.begin_nested():
                moved = session.execute(
                    update(Place).where(Place.id == reserve.id, Place.status == RESERVE,
                                        Place.slot_key == reserve.slot_key)
                    .values(**values).execution_options(synchronize_session=False)
                ).rowcount
        except IntegrityError:  # another request filled that position first
            break
        if moved != 1:
            continue
        promoted = session.get(Place, reserve.id, populate_existing=True)
        emit(session, EventKind.PROMOTE, promoted, now)
        if target == 0:
            pending.append(notices.now_holding(session, promoted, session.get(Flat, flat_id)))
        target += 1
    return [n for n in pending if n]
