"""Holds that ran out are ended every minute even when nobody opens the sale, so the 1st
reserve is told by SMS in time (reads end them too: core.housing.holds.lapse_due).

The consumer also runs the allocation logs' signer (core.housing.log_signer) as a thread of its
own, started once when the consumer starts: it signs checkpoints every few seconds, which a
minute's periodic task could not, and never inside a request."""
from __future__ import annotations

import logging

from huey import crontab

from core.housing import holds, log_signer
from core.kernel.db import transaction
from core.notifications.jobs import enqueue
from core.platform import jobs
from core.platform.settings import Settings

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


@jobs.huey.on_startup("housing_log_signer")
def start_log_signer() -> None:
    """Each consumer worker calls this at its start; the signer starts once per process."""
    log_signer.start_in_background(Settings.from_environment(), jobs.session_factory())
