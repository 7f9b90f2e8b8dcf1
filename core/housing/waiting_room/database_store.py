"""LineStore in the database (SQLite or PostgreSQL), when no Redis is configured: the embedded
default, for a sale of a few hundred. Every method is its own short transaction; deciding steps
are conditional writes: the draw is an UPDATE … WHERE drawn_at IS NULL that one caller wins, a
place comes from an UPDATE … RETURNING of the line's counter, a turn is taken by an UPDATE of
the entry that only a waiting place within the frontier and its turn matches."""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from core.housing.waiting_room.models import LineEntry, LineRow, LineTurn
from core.housing.waiting_room.port import PRE_QUEUE, Admission, Line, Redemption, Shuffle
from core.kernel.db import make_session_factory, read_only, transaction
from core.platform.ratelimit import RateLimit

PRE, WAITING, INSIDE, SETTLED = "pre", "waiting", "inside", "settled"


class DatabaseLineStore:
    def __init__(self, session_factory: sessionmaker[Session]):
        self._factory = session_factory
        self._reader = make_session_factory(read_only(session_factory.kw["bind"]))

    # -- helpers ----------------------------------------------------------------------------
    def _row(self, session: Session, sale_id: int, *, lock: bool = False) -> LineRow:
        query = select(LineRow).where(LineRow.sale_id == sale_id) \
            .execution_options(populate_existing=True)
        row = session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
        if row is None:
            try:
                with session.begin_nested():
                    session.add(LineRow(sale_id=sale_id, issued=0, frontier=0, rate=0.0,
                                        generation=secrets.token_hex(8)))
            except IntegrityError:  # another process made it first
                pass
            row = session.execute(query.with_for_update() if lock else query).scalar_one()
        return row

    @staticmethod
    def _entry(session: Session, sale_id: int, citizen: str) -> LineEntry | None:
        return session.execute(select(LineEntry).where(
            LineEntry.sale_id == sale_id, LineEntry.citizen == citizen)
            .execution_options(populate_existing=True)).scalar_one_or_none()

    @staticmethod
    def _frontier_at(session: Session, sale_id: int, moment: datetime) -> int:
        return session.execute(select(func.max(LineTurn.frontier)).where(
            LineTurn.sale_id == sale_id, LineTurn.at <= moment)).scalar() or 0

    # -- the line ---------------------------------------------------------------------------
    def join(self, sale_id: int, citizen: str, now: datetime,
             turn: timedelta) -> tuple[int, str]:
        with transaction(self._factory) as session:
            row = self._row(session, sale_id)
            return self._place(session, row, citizen, now, turn), row.generation

    def _place(self, session: Session, row: LineRow, citizen: str, now: datetime,
               turn: timedelta) -> int:
        sale_id = row.sale_id
        if row.drawn_at is None:  # wait for a draw under way, then look again
            row = self._row(session, sale_id, lock=True)
        entry = self._entry(session, sale_id, citizen)
        if row.drawn_at is None:
            if entry is None:
                self._add(session, sale_id, citizen, PRE, None, now)
            return PRE_QUEUE
        if entry is not None and _still_good(entry, now, turn):
            return entry.place
        place = session.execute(
            update(LineRow).where(LineRow.sale_id == sale_id)
            .values(issued=LineRow.issued + 1).returning(LineRow.issued)).scalar_one()
        if entry is None:
            if not self._add(session, sale_id, citizen, WAITING, place, now):
                return self._entry(session, sale_id, citizen).place  # another tab
            return place
        moved = session.execute(update(LineEntry).where(
            LineEntry.id == entry.id, LineEntry.status == entry.status,
            LineEntry.place == entry.place).values(
            status=WAITING, place=place, arrived_at=now, turn_at=None,
            admitted_until=None, token_id=None)
            .execution_options(synchronize_session=False)).rowcount
        return place if moved == 1 else self._entry(session, sale_id, citizen).place

    @staticmethod
    def _add(session: Session, sale_id: int, citizen: str, status: str, place: int | None,
             now: datetime) -> bool:
        try:
            with session.begin_nested():
                session.add(LineEntry(sale_id=sale_id, citizen=citizen, status=status,
                                      place=place, arrived_at=now))
        except IntegrityError:  # the same citizen, another tab, at the same moment
            return False
        return True

    def draw(self, sale_id: int, shuffle: Shuffle, now: datetime) -> bool:
        with transaction(self._factory) as session:
            if self._row(session, sale_id).drawn_at is not None:
                return False
            won = session.execute(
                update(LineRow).where(LineRow.sale_id == sale_id, LineRow.drawn_at.is_(None))
                .values(drawn_at=now).execution_options(synchronize_session=False)).rowcount
            if won != 1:
                return False
            waiting = session.execute(select(LineEntry.id, LineEntry.citizen).where(
                LineEntry.sale_id == sale_id, LineEntry.status == PRE)
                .order_by(LineEntry.id)).all()
            by_citizen = {citizen: entry_id for entry_id, citizen in waiting}
            order = shuffle([citizen for _id, citizen in waiting])
            if sorted(order) != sorted(by_citizen):
                raise ValueError("the shuffle must return the pre-queue, reordered")
            for place, citizen in enumerate(order, start=1):
                session.execute(update(LineEntry).where(LineEntry.id == by_citizen[citizen])
                                .values(status=WAITING, place=place))
            session.execute(update(LineRow).where(LineRow.sale_id == sale_id)
                            .values(issued=len(order)))
            return True

    def line(self, sale_id: int, now: datetime, grace: timedelta) -> Line:
        session = self._reader()
        try:
            row = session.get(LineRow, sale_id)
            if row is None:
                return Line()

            def count(*where) -> int:
                return session.execute(select(func.count()).select_from(LineEntry).where(
                    LineEntry.sale_id == sale_id, *where)).scalar_one()

            first = session.execute(select(func.min(LineTurn.at)).where(
                LineTurn.sale_id == sale_id)).scalar()
            minutes = min(1.0, (now - first).total_seconds() / 60) if first else 0.0
            return Line(
                drawn_at=row.drawn_at, pre_queued=count(LineEntry.status == PRE),
                issued=row.issued, frontier=row.frontier,
                inside=count(LineEntry.status == INSIDE, LineEntry.admitted_until > now),
                pending=count(LineEntry.status == WAITING, LineEntry.place <= row.frontier,
                              LineEntry.turn_at > now - grace),
                rate=row.rate, moved_at=row.moved_at,
                moved_last_minute=row.frontier - self._frontier_at(
                    session, sale_id, now - timedelta(minutes=1)),
                minutes_measured=max(0.0, minutes), capacity_override=row.capacity,
                generation=row.generation)
        finally:
            session.close()

    def lease(self, sale_id: int, now: datetime, every: timedelta) -> bool:
        with self._reader() as reader:  # another process's lease still runs: no write lock
            held_until = reader.execute(select(LineRow.lease_until).where(
                LineRow.sale_id == sale_id)).scalar_one_or_none()
        if held_until is not None and held_until > now:
            return False
        with transaction(self._factory) as session:
            self._row(session, sale_id)
            return session.execute(update(LineRow).where(
                LineRow.sale_id == sale_id,
                or_(LineRow.lease_until.is_(None), LineRow.lease_until <= now))
                .values(lease_until=now + every)
                .execution_options(synchronize_session=False)).rowcount == 1

    def advance(self, sale_id: int, to: int, now: datetime, *, rate: float,
                expect: int | None = None) -> int:
        with transaction(self._factory) as session:
            row = self._row(session, sale_id, lock=True)
            if expect is not None and row.frontier != expect:
                return row.frontier
            row.rate = rate
            to = self._past_the_left(session, sale_id, row, min(to, row.issued) - row.frontier)
            if to <= row.frontier:
                return row.frontier
            session.execute(update(LineEntry).where(
                LineEntry.sale_id == sale_id, LineEntry.status == INSIDE,
                LineEntry.admitted_until <= now).values(status=SETTLED, token_id=None)
                .execution_options(synchronize_session=False))
            session.execute(update(LineEntry).where(
                LineEntry.sale_id == sale_id, LineEntry.status == WAITING,
                LineEntry.place > row.frontier, LineEntry.place <= to).values(turn_at=now)
                .execution_options(synchronize_session=False))
            session.add(LineTurn(sale_id=sale_id, frontier=to, at=now))
            row.frontier, row.moved_at = to, now
            return to

    @staticmethod
    def _past_the_left(session: Session, sale_id: int, row: LineRow, turns: int) -> int:
        """The frontier that gives `turns` turns to citizens still waiting: the places of
        those who left are passed over."""
        if turns <= 0:
            return row.frontier
        waiting = session.execute(select(LineEntry.place).where(
            LineEntry.sale_id == sale_id, LineEntry.status == WAITING,
            LineEntry.place > row.frontier).order_by(LineEntry.place)
            .limit(turns + 1)).scalars().all()
        if len(waiting) <= turns:
            return row.issued
        return waiting[turns] - 1

    def redeem(self, sale_id: int, citizen: str, place: int, now: datetime, *,
               window: timedelta, turn: timedelta,
               token_id: str) -> tuple[Redemption, Admission | None]:
        with transaction(self._factory) as session:
            entry = self._entry(session, sale_id, citizen)
            if entry is not None and entry.status == INSIDE and entry.admitted_until > now:
                return Redemption.ADMITTED, Admission(entry.token_id, entry.admitted_until)
            if entry is None or entry.place != place:
                return Redemption.UNKNOWN, None
            if entry.status != WAITING:
                return Redemption.USED, None
            if entry.turn_at is None:
                return Redemption.NOT_YET, None
            if entry.turn_at <= now - turn:
                return Redemption.LAPSED, None
            until = now + window
            taken = session.execute(update(LineEntry).where(
                LineEntry.id == entry.id, LineEntry.status == WAITING)
                .values(status=INSIDE, admitted_until=until, token_id=token_id)
                .execution_options(synchronize_session=False)).rowcount
            if taken != 1:  # another tab took it this very moment
                return Redemption.USED, None
            return Redemption.ADMITTED, Admission(token_id, until)

    def admission(self, sale_id: int, citizen: str, now: datetime) -> Admission | None:
        session = self._reader()
        try:
            entry = self._entry(session, sale_id, citizen)
        finally:
            session.close()
        if entry is None or entry.status != INSIDE or entry.admitted_until <= now:
            return None
        return Admission(entry.token_id, entry.admitted_until)

    def spend(self, sale_id: int, citizen: str, token_id: str) -> bool:
        with transaction(self._factory) as session:
            return session.execute(update(LineEntry).where(
                LineEntry.sale_id == sale_id, LineEntry.citizen == citizen,
                LineEntry.status == INSIDE, LineEntry.token_id == token_id)
                .values(status=SETTLED, token_id=None)
                .execution_options(synchronize_session=False)).rowcount == 1

    def leave(self, sale_id: int, citizen: str) -> int:
        with transaction(self._factory) as session:
            entry = self._entry(session, sale_id, citizen)
            if entry is None or entry.status not in (PRE, WAITING, INSIDE):
                return 0
            left = session.execute(update(LineEntry).where(
                LineEntry.id == entry.id, LineEntry.status == entry.status)
                .values(status=SETTLED, token_id=None)
                .execution_options(synchronize_session=False)).rowcount == 1
            if not left:
                return 0
            freed = entry.status == INSIDE or (entry.status == WAITING
                                               and entry.turn_at is not None)
            return 2 if freed else 1

    def turns(self, sale_id: int) -> list[tuple[int, datetime]]:
        with transaction(self._reader) as session:
            return [(frontier, at) for frontier, at in session.execute(
                select(LineTurn.frontier, LineTurn.at).where(LineTurn.sale_id == sale_id)
                .order_by(LineTurn.frontier))]

    def count_attempt(self, key: str, window: timedelta, now: datetime) -> tuple[int, timedelta]:
        limit = RateLimit(f"housing-{key.split(':', 1)[0]}", 1, window)
        subject = key.split(":", 1)[-1]
        with transaction(self._factory) as session:
            count = limit.record_failure(session, subject, now)
            return count, limit.retry_after(session, subject, now)

    def set_capacity(self, sale_id: int, capacity: int | None) -> None:
        with transaction(self._factory) as session:
            self._row(session, sale_id, lock=True).capacity = capacity

    def capacity(self, sale_id: int) -> int | None:
        with transaction(self._reader) as session:
            row = session.get(LineRow, sale_id)
            return row.capacity if row is not None else None

    def reset(self, sale_id: int) -> None:
        with transaction(self._factory) as session:
            for table in (LineEntry, LineTurn, LineRow):
                session.execute(delete(table).where(table.sale_id == sale_id))


def _still_good(entry: LineEntry, now: datetime, turn: timedelta) -> bool:
    """The place the citizen holds still counts: inside now, or waiting and not lapsed."""
    if entry.status == INSIDE:
        return entry.admitted_until is not None and entry.admitted_until > now
    if entry.status == WAITING:
        return entry.turn_at is None or entry.turn_at > now - turn
    return False
