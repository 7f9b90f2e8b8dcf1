"""Delivering the outbox: one job per message, rescheduled by the message's own backoff until
it is sent or its attempts run out, and a sweep for messages whose job was lost."""
from __future__ import annotations

import logging

from huey import crontab

from core.platform import job_queue, this_process
from core.notifications import outbox as notifications
from core.notifications import adapters
from core.kernel.db import transaction

log = logging.getLogger("egov.notifications")


def transports() -> dict[str, notifications.Transport]:
    return this_process.resource(adapters.build).transports


def enqueue(message_id: int) -> None:
    """Call after the transaction that queued the message has committed."""
    try:
        deliver_message(message_id)
    except Exception:  # the queue itself is down: the sweep sends it later
        log.exception("could not enqueue message %s; the sweep will pick it up", message_id)


# Retries come from the message's own backoff (notifications.retry_delay), not Huey's.
@job_queue.task(retries=0)
def deliver_message(message_id: int) -> None:
    result = notifications.deliver(this_process.session_factory(), transports(), message_id)
    log.info("message %s: %s", message_id, result.status)
    # "skipped" with a wait: this job ran before the message was due (an early duplicate).
    if result.status in (notifications.QUEUED, "skipped") and result.retry_in is not None:
        deliver_message.schedule((message_id,), delay=result.retry_in.total_seconds())


@job_queue.huey.periodic_task(crontab(minute="*"))
def sweep_outbox() -> None:
    with transaction(this_process.session_factory()) as session:
        due = notifications.due(session)
    for message_id in due:
        deliver_message(message_id)
