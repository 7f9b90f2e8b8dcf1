"""The one way a change of a place is recorded: `emit`. Every hold, reserve, signature, lapse,
withdrawal, release and reserve move goes through here, in the transaction that made it, and
becomes the next entry of the sale's public, hash-chained allocation log
(core.housing.allocation_log): seq, the hash of the entry before, its own hash.

The entries of a transaction are chained as it commits (a before_commit hook), under a lock of
the sale's row: SELECT … FOR NO KEY UPDATE on PostgreSQL (it does not wait for the foreign-key
checks of places being taken), while on SQLite every transaction is BEGIN IMMEDIATE already.
So the log's order is the order the database committed the changes in, no two transactions ever
read the same head (no fork, no seq twice; (sale_id, seq) is unique besides), and because the
lock is the last thing a transaction takes, holding it never waits for a place another request
has locked (a lock taken mid-decision could deadlock with, say, a reserve withdrawing while the
holder signs). Cost per transaction: the locked read of the sale, one indexed read of the head,
then the inserts."""
from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Iterator

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from core.housing import allocation_log
from core.housing.allocation_log import GENESIS, Entry
from core.housing.models import Flat, Place, PlaceEvent, Sale

PENDING = "housing_log_pending"


class EventKind(str, Enum):
    HOLD = "hold"            # Təsdiq et on a free flat
    RESERVE = "reserve"      # Təsdiq et on a held flat in the waiting-list phase
    SIGN = "sign"            # the holder signed the purchase application
    LAPSE = "lapse"          # the hold ran out unsigned
    WITHDRAW = "withdraw"    # the citizen gave up a hold or a reserve place
    PROMOTE = "promote"      # a reserve moved up (to 1st reserve, or to the hold)
    RELEASE = "release"      # a reserve let go because the holder signed


def emit(session: Session, kind: EventKind, place: Place, at: datetime) -> PlaceEvent:
    """Record the change; it is written, chained, when the transaction commits."""
    flat = session.get(Flat, place.flat_id)
    recorded = PlaceEvent(at=at, kind=kind.value, sale_id=place.sale_id, flat_id=place.flat_id,
                          place_id=place.id, fin=place.fin, position=place.position,
                          flat_number=flat.number)
    session.info.setdefault(PENDING, []).append(recorded)
    return recorded


@event.listens_for(Session, "before_commit")
def _chain_pending(session: Session) -> None:
    pending = session.info.pop(PENDING, None)
    if not pending:
        return
    for sale_id in sorted({e.sale_id for e in pending}):
        _append(session, sale_id, [e for e in pending if e.sale_id == sale_id])
    session.flush()


@event.listens_for(Session, "after_transaction_end")
def _forget_pending(session: Session, transaction) -> None:
    if transaction.parent is None:  # the whole transaction ended (a rollback): nothing to chain
        session.info.pop(PENDING, None)


def _append(session: Session, sale_id: int, events: list[PlaceEvent]) -> None:
    salt = session.execute(
        select(Sale.log_salt).where(Sale.id == sale_id).with_for_update(key_share=True)
    ).scalar_one()
    if salt is None:  # a sale made outside the models (they give every sale one)
        salt = allocation_log.new_salt()
        session.execute(update(Sale).where(Sale.id == sale_id).values(log_salt=salt))
    seq, previous = head(session, sale_id)
    for recorded in events:
        seq += 1
        recorded.seq, recorded.prev_hash = seq, previous
        recorded.citizen = allocation_log.pseudonym(salt, recorded.fin)
        recorded.entry_hash = allocation_log.entry_hash(
            seq, allocation_log.utc_iso(recorded.at), recorded.kind, recorded.flat_id,
            recorded.flat_number, recorded.position, recorded.citizen, previous)
        previous = recorded.entry_hash
        session.add(recorded)


def head(session: Session, sale_id: int) -> tuple[int, str]:
    """(entries so far, hash of the last): (0, GENESIS) for a sale with no entry yet."""
    found = session.execute(
        select(PlaceEvent.seq, PlaceEvent.entry_hash).where(PlaceEvent.sale_id == sale_id)
        .order_by(PlaceEvent.seq.desc()).limit(1)
    ).first()
    return (found[0], found[1]) if found else (0, GENESIS)


def entries(session: Session, sale_id: int, first: int, last: int) -> list[Entry]:
    """The published entries seq first..last."""
    rows = session.execute(
        select(PlaceEvent).where(PlaceEvent.sale_id == sale_id, PlaceEvent.seq >= first,
                                 PlaceEvent.seq <= last).order_by(PlaceEvent.seq)
    ).scalars()
    return [published(row) for row in rows]


def all_entries(session: Session, sale_id: int, last: int, batch: int = 1000) -> Iterator[Entry]:
    """Entries 1..last a batch at a time, each batch its own short transaction (a long read
    would hold SQLite's write lock): the log only grows, so the batches fit together."""
    first = 1
    while first <= last:
        chunk = entries(session, sale_id, first, min(last, first + batch - 1))
        session.commit()
        if not chunk:
            return
        yield from chunk
        first = chunk[-1].seq + 1


def published(row: PlaceEvent) -> Entry:
    return Entry(seq=row.seq, at=allocation_log.utc_iso(row.at), kind=row.kind,
                 flat_id=row.flat_id, flat_number=row.flat_number, position=row.position,
                 citizen=row.citizen, prev_hash=row.prev_hash, hash=row.entry_hash)


def history(session: Session, sale_id: int, *, flat_id: int | None = None) -> list[PlaceEvent]:
    query = select(PlaceEvent).where(PlaceEvent.sale_id == sale_id)
    if flat_id is not None:
        query = query.where(PlaceEvent.flat_id == flat_id)
    return list(session.execute(query.order_by(PlaceEvent.seq)).scalars())


def of_citizen(session: Session, sale_id: int, citizen: str) -> list[Entry]:
    """The published entries of one pseudonym, in seq order."""
    rows = session.execute(
        select(PlaceEvent).where(PlaceEvent.sale_id == sale_id, PlaceEvent.citizen == citizen)
        .order_by(PlaceEvent.seq)).scalars()
    return [published(row) for row in rows]
