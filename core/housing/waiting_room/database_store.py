"""AdmissionStore in the database (SQLite or PostgreSQL), when no Redis is configured. Every
method is its own short transaction. Deciding steps are conditional writes: the draw is an
UPDATE … WHERE drawn_at IS NULL that one caller wins; places come from an UPDATE of the room's
counter; admitting locks the room's row (FOR UPDATE; SQLite's BEGIN IMMEDIATE), so the
capacity holds across processes."""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from core.housing.waiting_room.models import QueueEntry, WaitingRoomRow
from core.housing.waiting_room.port import Shuffle, Standing, State
from core.kernel.db import transaction
from core.platform.ratelimit import RateLimit

PRE, WAITING, INSIDE, OUTSIDE = (State.PRE_QUEUE.value, State.WAITING.value,
                                 State.INSIDE.value, State.OUTSIDE.value)


class DatabaseAdmissionStore:
    def __init__(self, session_factory: sessionmaker[Session]):
        self._factory = session_factory

    def _room(self, session: Session, sale_id: int, *, lock: bool = False) -> WaitingRoomRow:
        query = select(WaitingRoomRow).where(WaitingRoomRow.sale_id == sale_id) \
            .execution_options(populate_existing=True)
        room = session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
        if room is None:
            try:
                with session.begin_nested():
                    session.add(WaitingRoomRow(sale_id=sale_id, last_place=0))
            except IntegrityError:  # another process made it first
                pass
            room = session.execute(query.with_for_update() if lock else query).scalar_one()
        return room

    def _next_place(self, session: Session, sale_id: int) -> int:
        return session.execute(
            update(WaitingRoomRow).where(WaitingRoomRow.sale_id == sale_id)
            .values(last_place=WaitingRoomRow.last_place + 1)
            .returning(WaitingRoomRow.last_place)).scalar_one()

    def join(self, sale_id: int, fin: str, now: datetime) -> None:
        with transaction(self._factory) as session:
            room = self._room(session, sale_id)
            if room.drawn_at is None:  # wait for a draw under way, then look again
                room = self._room(session, sale_id, lock=True)
            drawn = room.drawn_at is not None
            entry = session.execute(select(QueueEntry).where(
                QueueEntry.sale_id == sale_id, QueueEntry.fin == fin)).scalar_one_or_none()
            if entry is not None and not _is_outside(entry, now):
                return
            place = self._next_place(session, sale_id) if drawn else None
            values = dict(status=WAITING if drawn else PRE, place=place, joined_at=now,
                          admitted_until=None, token_id=None)
            if entry is None:
                try:
                    with session.begin_nested():
                        session.add(QueueEntry(sale_id=sale_id, fin=fin, **values))
                except IntegrityError:  # the same citizen, another tab, at the same moment
                    return
            else:  # back after a spent or ended admission: at the back of the line
                session.execute(update(QueueEntry).where(
                    QueueEntry.id == entry.id, QueueEntry.status == entry.status)
                    .values(**values).execution_options(synchronize_session=False))

    def draw(self, sale_id: int, shuffle: Shuffle, now: datetime) -> bool:
        with transaction(self._factory) as session:
            if self._room(session, sale_id).drawn_at is not None:
                return False
            won = session.execute(
                update(WaitingRoomRow).where(WaitingRoomRow.sale_id == sale_id,
                                             WaitingRoomRow.drawn_at.is_(None))
                .values(drawn_at=now).execution_options(synchronize_session=False)).rowcount
            if won != 1:
                return False
            self._place_pre_queue(session, sale_id, shuffle)
            return True

    def _place_pre_queue(self, session: Session, sale_id: int, shuffle: Shuffle) -> None:
        """The draw's transaction holds the room's row: a citizen joining meanwhile waits for
        it and then queues behind the drawn pre-queue."""
        waiting = session.execute(
            select(QueueEntry.id, QueueEntry.fin).where(
                QueueEntry.sale_id == sale_id, QueueEntry.status == PRE)
            .order_by(QueueEntry.id)).all()
        by_fin = {fin: entry_id for entry_id, fin in waiting}
        order = shuffle([fin for _id, fin in waiting])
        if sorted(order) != sorted(by_fin):
            raise ValueError("the shuffle must return the pre-queue, reordered")
        for place, fin in enumerate(order, start=1):
            session.execute(update(QueueEntry).where(QueueEntry.id == by_fin[fin])
                            .values(status=WAITING, place=place))
        session.execute(update(WaitingRoomRow).where(WaitingRoomRow.sale_id == sale_id)
                        .values(last_place=len(order)))

    def admit(self, sale_id: int, now: datetime, capacity: int, window: timedelta) -> int:
        with transaction(self._factory) as session:
            # Without the lock first: most calls find the room full or nobody waiting.
            room = self._room(session, sale_id)
            limit = capacity if room.capacity is None else room.capacity
            if room.drawn_at is None or not self._may_admit(session, sale_id, now, limit):
                return 0
        with transaction(self._factory) as session:
            room = self._room(session, sale_id, lock=True)
            limit = capacity if room.capacity is None else room.capacity
            session.execute(update(QueueEntry).where(
                QueueEntry.sale_id == sale_id, QueueEntry.status == INSIDE,
                QueueEntry.admitted_until <= now).values(status=OUTSIDE, token_id=None))
            free = limit - self._inside(session, sale_id, now)
            if free <= 0:
                return 0
            chosen = session.execute(
                select(QueueEntry.id).where(QueueEntry.sale_id == sale_id,
                                            QueueEntry.status == WAITING)
                .order_by(QueueEntry.place).limit(free)).scalars().all()
            for entry_id in chosen:
                session.execute(update(QueueEntry).where(QueueEntry.id == entry_id).values(
                    status=INSIDE, admitted_until=now + window,
                    token_id=secrets.token_urlsafe(16)))
            return len(chosen)

    def _may_admit(self, session: Session, sale_id: int, now: datetime, limit: int) -> bool:
        if self._inside(session, sale_id, now) >= limit:
            return False
        return session.execute(select(QueueEntry.id).where(
            QueueEntry.sale_id == sale_id, QueueEntry.status == WAITING).limit(1)).first() \
            is not None

    @staticmethod
    def _inside(session: Session, sale_id: int, now: datetime) -> int:
        return session.execute(select(func.count()).select_from(QueueEntry).where(
            QueueEntry.sale_id == sale_id, QueueEntry.status == INSIDE,
            QueueEntry.admitted_until > now)).scalar_one()

    def standing(self, sale_id: int, fin: str, now: datetime) -> Standing:
        with transaction(self._factory) as session:
            entry = session.execute(select(QueueEntry).where(
                QueueEntry.sale_id == sale_id, QueueEntry.fin == fin)).scalar_one_or_none()
            if entry is None or _is_outside(entry, now):
                return Standing(State.OUTSIDE)
            if entry.status == INSIDE:
                return Standing(State.INSIDE, token_id=entry.token_id,
                                until=entry.admitted_until)
            if entry.status == PRE:
                return Standing(State.PRE_QUEUE, pre_queued=session.execute(
                    select(func.count()).select_from(QueueEntry).where(
                        QueueEntry.sale_id == sale_id, QueueEntry.status == PRE)).scalar_one())
            ahead = session.execute(select(func.count()).select_from(QueueEntry).where(
                QueueEntry.sale_id == sale_id, QueueEntry.status == WAITING,
                QueueEntry.place < entry.place)).scalar_one()
            return Standing(State.WAITING, ahead=ahead)

    def spend(self, sale_id: int, fin: str, token_id: str) -> bool:
        with transaction(self._factory) as session:
            return session.execute(update(QueueEntry).where(
                QueueEntry.sale_id == sale_id, QueueEntry.fin == fin,
                QueueEntry.status == INSIDE, QueueEntry.token_id == token_id)
                .values(status=OUTSIDE, token_id=None)
                .execution_options(synchronize_session=False)).rowcount == 1

    def leave(self, sale_id: int, fin: str) -> bool:
        with transaction(self._factory) as session:
            return session.execute(update(QueueEntry).where(
                QueueEntry.sale_id == sale_id, QueueEntry.fin == fin,
                QueueEntry.status.in_((PRE, WAITING, INSIDE)))
                .values(status=OUTSIDE, token_id=None, place=None)
                .execution_options(synchronize_session=False)).rowcount == 1

    def inside(self, sale_id: int, now: datetime) -> int:
        with transaction(self._factory) as session:
            return self._inside(session, sale_id, now)

    def count_attempt(self, key: str, window: timedelta, now: datetime) -> tuple[int, timedelta]:
        limit = RateLimit(f"housing-{key.split(':', 1)[0]}", 1, window)
        subject = key.split(":", 1)[-1]
        with transaction(self._factory) as session:
            count = limit.record_failure(session, subject, now)
            return count, limit.retry_after(session, subject, now)

    def set_capacity(self, sale_id: int, capacity: int | None) -> None:
        with transaction(self._factory) as session:
            self._room(session, sale_id, lock=True).capacity = capacity

    def capacity(self, sale_id: int) -> int | None:
        with transaction(self._factory) as session:
            return self._room(session, sale_id).capacity

    def reset(self, sale_id: int) -> None:
        with transaction(self._factory) as session:
            session.execute(delete(QueueEntry).where(QueueEntry.sale_id == sale_id))
            session.execute(delete(WaitingRoomRow).where(WaitingRoomRow.sale_id == sale_id))


def _is_outside(entry: QueueEntry, now: datetime) -> bool:
    return entry.status == OUTSIDE or (
        entry.status == INSIDE and entry.admitted_until is not None and entry.admitted_until <= now)
