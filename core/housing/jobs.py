"""Every minute, even when nobody opens the sale: holds that ran out are ended, so the 1st
reserve is told by SMS in time (reads end them too: core.housing.holds.lapse_due), and waiting-
room admissions that a place already used up are ended, so the next in line goes in.

The consumer also runs the allocation logs' signer (core.housing.log_signer) as a thread of its
own, started once when the consumer starts: it signs checkpoints every few seconds, which a
minute's periodic task could not, and never inside a request."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from huey import crontab
from sqlalchemy import func, select

from core.housing import holds, log_signer
from core.housing.models import Place
from core.housing.waiting_room import Pacing, WaitingRoom
from core.housing.waiting_room.stores import make_store
from core.kernel.db import transaction, utcnow
from core.platform.instance_files import session_secret
from core.notifications.jobs import enqueue
from core.platform import job_queue, this_process
from core.platform.settings import Settings

log = logging.getLogger("egov.housing")


def lapse_and_notify(factory, now=None) -> int:
    with transaction(factory) as session:
        pending = holds.lapse_due(session, now)
    for message_id in pending:
        enqueue(message_id)
    return len(pending)


@job_queue.huey.periodic_task(crontab(minute="*"))
def lapse_due_holds() -> None:
    promoted = lapse_and_notify(this_process.session_factory())
    if promoted:
        log.info("housing: %s reserves now hold their flat", promoted)


@job_queue.huey.on_startup("housing_log_signer")
def start_log_signer() -> None:
    """Each consumer worker calls this at its start; the signer starts once per process."""
    log_signer.start_in_background(Settings.from_environment(), this_process.session_factory())


def end_admissions_used_by_a_place(factory, room: WaitingRoom,
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
            .where(Place.created_at > now - room.window).group_by(Place.sale_id, Place.fin)).all()
    return sum(room.end_admission_begun_before(sale_id, fin, taken_at, now)
               for sale_id, fin, taken_at in taken)


def build_room(settings: Settings, session_factory) -> WaitingRoom:
    """The waiting room in front of every sale (its store, namespace, secret and pace), the
    same in the web app and the consumer."""
    store = make_store(settings.redis_url, session_factory,
                       namespace=f"{settings.database_url}|{settings.instance_path}")
    pacing = Pacing(most_inside=settings.waiting_room_capacity,
                    turn=timedelta(minutes=settings.waiting_room_turn_minutes))
    return WaitingRoom(store, settings.secret_key or session_secret(settings.instance_path),
                       pacing=pacing, window=timedelta(minutes=settings.waiting_room_minutes))


@job_queue.huey.periodic_task(crontab(minute="*"))
def end_used_admissions() -> None:
    room = this_process.resource(build_room)
    ended = end_admissions_used_by_a_place(this_process.session_factory(), room)
    if ended:
        log.info("housing: %s admissions a place had used are ended", ended)
