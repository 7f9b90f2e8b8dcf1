"""Every minute, even when nobody opens the sale: holds that ran out are ended, so the 1st
reserve is told by SMS in time (reads end them too: core.housing.holds.lapse_due), and waiting-
room admissions that a place already used up are ended, so the next in line goes in."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from huey import crontab
from sqlalchemy import func, select

from core.housing import holds
from core.housing.models import Place
from core.housing.waiting_room import AdmissionStore
from core.housing.waiting_room.stores import make_store
from core.kernel.db import transaction, utcnow
from core.notifications.jobs import enqueue
from core.platform import jobs

log = logging.getLogger("egov.housing")


def lapse_and_notify(factory, now=None) -> int:
    with transaction(factory) as session:
        pending = holds.lapse_due(session, now)
    for message_id in pending:
        enqueue(message_id)
    return len(pending)


@jobs.huey.periodic_task(crontab(minute="*"))
def lapse_due_holds() -> None:
    promoted = lapse_and_notify(jobs.session_factory())
    if promoted:
        log.info("housing: %s reserves now hold their flat", promoted)


def end_admissions_used_by_a_place(factory, store: AdmissionStore, window: timedelta,
                                   now: datetime | None = None) -> int:
    """An admission ends when its citizen takes a place: the web step spends it right after
    the hold commits. A worker that dies between the two left it taken until its window ran
    out, a place in the sale the next in line could have had. This ends every admission that
    began before its citizen's latest place in the sale was taken (an admission given after
    that place stays: the citizen came back to look). Token-conditional, as spending is."""
    now = now or utcnow()
    with transaction(factory) as session:
        taken = session.execute(
            select(Place.sale_id, Place.fin, func.max(Place.created_at))
            .where(Place.created_at > now - window).group_by(Place.sale_id, Place.fin)).all()
    ended = 0
    for sale_id, fin, taken_at in taken:
        standing = store.standing(sale_id, fin, now)
        if standing.inside and standing.until - window <= taken_at:
            ended += store.spend(sale_id, fin, standing.token_id)
    return ended


def _admissions(settings: jobs.JobSettings) -> tuple[AdmissionStore, timedelta]:
    """The waiting room's store as the web app builds it (the same namespace), in the consumer."""
    store = make_store(settings.redis_url, jobs.session_factory(),
                       namespace=f"{settings.database_url}|{settings.instance_path}")
    return store, timedelta(minutes=settings.options.get("waiting_room_minutes", 10))


@jobs.huey.periodic_task(crontab(minute="*"))
def end_used_admissions() -> None:
    store, window = jobs.resource("housing_admissions", _admissions)
    ended = end_admissions_used_by_a_place(jobs.session_factory(), store, window)
    if ended:
        log.info("housing: %s admissions a place had used are ended", ended)
