"""SMS the sale sends on its own (from a request or from the lapse job), in Azerbaijani, the
language of the portal's notices: a reserve who now holds the flat, a reserve whose flat was
signed for. Queued in the caller's transaction; the caller enqueues the ids after commit."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy.orm import Session

from core.housing import HOLD_MINUTES
from core.housing.models import Cabinet, Flat, Place
from core.notifications import outbox

BAKU = timezone(timedelta(hours=4))


def _baku(moment: datetime) -> str:
    return moment.replace(tzinfo=timezone.utc).astimezone(BAKU).strftime("%H:%M")


def now_holding(session: Session, place: Place, flat: Flat) -> int | None:
    cabinet = session.get(Cabinet, place.fin)
    if cabinet is None:
        return None
    text = (f"Güzəştli mənzil: {flat.number} nömrəli mənzil indi Sizin üçün saxlanılır. "
            f"Müraciəti {HOLD_MINUTES} dəqiqə ərzində, saat {_baku(place.held_until)}-dək "
            "elektron kabinetinizdə imzalayın.")
    message = outbox.queue_sms(session, cabinet.mobile, text,
                               dedupe_key=f"housing:hold:{place.id}:{place.held_from:%Y%m%d%H%M%S}")
    return message.id


def flat_was_sold(session: Session, place: Place, flat: Flat) -> int | None:
    cabinet = session.get(Cabinet, place.fin)
    if cabinet is None:
        return None
    text = (f"Güzəştli mənzil: {flat.number} nömrəli mənzilin müraciəti imzalandı, ehtiyat "
            "yeriniz bağlandı. Elektron kabinetinizdə başqa mənzil seçə bilərsiniz.")
    message = outbox.queue_sms(session, cabinet.mobile, text,
                               dedupe_key=f"housing:released:{place.id}")
    return message.id
