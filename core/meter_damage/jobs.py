"""Jobs of meter damage: forward each application to Azərişıq, retried with backoff while it
is down, and a sweep for applications whose job was lost. Nothing is lost meanwhile: the
application and its notices are in the database before any job runs."""
from __future__ import annotations

import logging

from huey import crontab

from core.kernel.db import transaction
from core.meter_damage import application as meter
from core.meter_damage import adapters
from core.meter_damage.azerisiq import AzerisiqPort, AzerisiqUnavailable
from core.notifications.jobs import enqueue as enqueue_message
from core.platform import job_queue, this_process

log = logging.getLogger("egov.meter_damage")


def azerisiq() -> AzerisiqPort:
    found = this_process.resource(adapters.build).azerisiq
    if found is None:
        raise AzerisiqUnavailable("Azərişıq is not connected (EGOV_AZERISIQ_URL, or the sandbox)")
    return found


def after_commit(application_id: int | None, message_ids=()) -> None:
    """Hand the committed application and notices to the queue. If the queue itself is down,
    the sweeps pick them up: the rows are already kept."""
    for message_id in message_ids:
        enqueue_message(message_id)
    if application_id is None:
        return
    try:
        forward_application(application_id)
    except Exception:
        log.exception("could not enqueue forwarding of %s; the sweep will", application_id)


@job_queue.task(retries=0)  # retries come from the application's own backoff, not Huey's
def forward_application(application_id: int) -> None:
    outcome = meter.forward(this_process.session_factory(), azerisiq(), application_id)
    log.info("meter application %s: %s", application_id, outcome)
    if outcome == "waiting":
        with transaction(this_process.session_factory()) as session:
            application = session.get(meter.MeterApplication, application_id)
            attempts = application.attempts if application else 1
        forward_application.schedule(
            (application_id,), delay=meter.retry_delay(attempts).total_seconds())


@job_queue.huey.periodic_task(crontab(minute="*"))
def sweep_meter_applications() -> None:
    with transaction(this_process.session_factory()) as session:
        due = meter.due_for_forwarding(session)
    for application_id in due:
        forward_application(application_id)
