"""The one way a change of a place is recorded: `emit`. Every hold, reserve, signature, lapse,
withdrawal, release and reserve move goes through here, in the transaction that made it, so
whatever reads the events (the cabinet today; the public, hash-chained allocation log of the
sale-day issue) sees exactly what the database decided, in commit order."""
from __future__ import annotations

from datetime import datetime
from enum import Enum

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.housing.models import Place, PlaceEvent


class EventKind(str, Enum):
    HOLD = "hold"            # Təsdiq et on a free flat
    RESERVE = "reserve"      # Təsdiq et on a held flat in the waiting-list phase
    SIGN = "sign"            # the holder signed the purchase application
    LAPSE = "lapse"          # the hold ran out unsigned
    WITHDRAW = "withdraw"    # the citizen gave up a hold or a reserve place
    PROMOTE = "promote"      # a reserve moved up (to 1st reserve, or to the hold)
    RELEASE = "release"      # a reserve let go because the holder signed


def emit(session: Session, kind: EventKind, place: Place, at: datetime) -> PlaceEvent:
    event = PlaceEvent(at=at, kind=kind.value, sale_id=place.sale_id, flat_id=place.flat_id,
                       place_id=place.id, fin=place.fin, position=place.position)
    session.add(event)
    session.flush()
    return event


def history(session: Session, sale_id: int, *, flat_id: int | None = None) -> list[PlaceEvent]:
    query = select(PlaceEvent).where(PlaceEvent.sale_id == sale_id)
    if flat_id is not None:
        query = query.where(PlaceEvent.flat_id == flat_id)
    return list(session.execute(query.order_by(PlaceEvent.id)).scalars())
