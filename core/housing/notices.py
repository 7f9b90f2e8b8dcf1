"""SMS the sale sends on its own (from a request or from the lapse job): a reserve who now holds
the flat, a reserve whose flat was signed for. In Azerbaijani, the language of the portal's
notices: a place in the sale keeps no language of its own (the English is in the catalogue, for
when one does). Queued in the caller's transaction; the caller enqueues the ids after commit."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy.orm import Session

from core.housing import HOLD_MINUTES
from core.housing.models import Cabinet, Flat, Place
from core.kernel.translations import SOURCE_LANGUAGE, gettext_in
from core.notifications import outbox

BAKU = timezone(timedelta(hours=4))
NOTICE_LANGUAGE = SOURCE_LANGUAGE


def _baku(moment: datetime) -> str:
    return moment.replace(tzinfo=timezone.utc).astimezone(BAKU).strftime("%H:%M")


def now_holding(session: Session, place: Place, flat: Flat) -> int | None:
    cabinet = session.get(Cabinet, place.fin)
    if cabinet is None:
        return None
    _ = gettext_in(NOTICE_LANGUAGE)
    text = _("Güzəştli mənzil: %(flat)s nömrəli mənzil indi Sizin üçün saxlanılır. Müraciəti "
             "%(minutes)d dəqiqə ərzində, saat %(until)s-dək elektron kabinetinizdə imzalayın.",
             flat=flat.number, minutes=HOLD_MINUTES, until=_baku(place.held_until))
    message = outbox.queue_sms(session, cabinet.mobile, text,
                               dedupe_key=f"housing:hold:{place.id}:{place.held_from:%Y%m%d%H%M%S}")
    return message.id


def flat_was_sold(session: Session, place: Place, flat: Flat) -> int | None:
    cabinet = session.get(Cabinet, place.fin)
    if cabinet is None:
        return None
    _ = gettext_in(NOTICE_LANGUAGE)
    text = _("Güzəştli mənzil: %(flat)s nömrəli mənzilin müraciəti imzalandı, ehtiyat yeriniz "
             "bağlandı. Elektron kabinetinizdə başqa mənzil seçə bilərsiniz.", flat=flat.number)
    message = outbox.queue_sms(session, cabinet.mobile, text,
                               dedupe_key=f"housing:released:{place.id}")
    return message.id
