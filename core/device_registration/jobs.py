"""Jobs of device registration: hand each paid application to MCQS and follow it until it is
registered. Ids only in the payloads."""
from __future__ import annotations

import logging

from huey import crontab

from core.device_registration import adapters, registration
from core.platform import drafts
from core.platform import job_queue, this_process
from core.payments import checkout
from core.kernel.db import transaction

log = logging.getLogger("egov.device_registration")


def registry() -> registration.DeviceRegistry:
    found = this_process.resource(adapters.build).registry
    if found is None:
        raise RuntimeError("MCQS is not connected (EGOV_MCQS_URL, or the sandbox)")
    return found


@job_queue.task()
def register_device(application_id: int) -> None:
    progress = registration.advance(this_process.session_factory(), registry(), application_id)
    log.info("application %s: %s", application_id, progress.status)
    if progress.status == registration.SUBMITTED:
        # MCQS registers it later ("within 24 hours"): look again when it says to.
        register_device.schedule((application_id,), delay=max(1.0, progress.check_again_after))


@job_queue.huey.periodic_task(crontab(minute="*/5"))
def resume_stalled_registrations() -> None:
    for application_id in registration.stalled(this_process.session_factory()):
        log.warning("application %s stalled: queued again", application_id)
        register_device(application_id)


@checkout.on_approved(registration.SERVICE_SLUG)
def finish_after_payment(factory, payment) -> int | None:
    """Receipt, application and the MCQS job for an approved payment; safe to repeat."""
    draft_id = payment.subject.split(":", 1)[1]
    with transaction(factory) as session:
        draft = drafts.load(session, draft_id, registration.SERVICE_SLUG)
        if draft is None:
            log.error("payment %s approved but its draft is gone", payment.id)
            return None
        application = registration.complete(session, payment=payment, answers=draft.data)
        session.flush()
        application_id, status = application.id, application.status
    if status in registration.OPEN_STATUSES:
        register_device(application_id)
    return application_id
