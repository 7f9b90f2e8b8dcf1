"""Holds that ran out are ended every minute even when nobody opens the sale, so the 1st
reserve is told by SMS in time (reads end them too: core.housing.holds.lapse_due)."""
from __future__ import annotations

import logging

from huey import crontab

from core.housing import holds
from core.kernel.db import transaction
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
