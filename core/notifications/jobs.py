"""Delivering the outbox: one job per message, rescheduled by the message's own backoff until
it is sent or its attempts run out, and a sweep for messages whose job was lost."""
from __future__ import annotations

import logging

from huey import crontab

from core.platform import jobs
from core.notifications import outbox as notifications
from core.notifications import sms
from core.kernel.db import transaction

log = logging.getLogger("egov.notifications")
DEFAULT_SENDER = "no-reply@portal.example.az"


def build_transports(settings: jobs.JobSettings) -> dict[str, notifications.Transport]:
    smtp_url = settings.options.get("smtp_url")
    sender = settings.options.get("mail_from") or DEFAULT_SENDER
    return make_transports(smtp_url, sender, settings.sandbox,
                           sms_url=settings.options.get("sms_url"))


def make_transports(smtp_url: str | None, sender: str, sandbox: bool,
                    sms_url: str | None = None) -> dict[str, notifications.Transport]:
    """The transports configured. Outside the sandbox e-mail needs EGOV_SMTP_URL; SMS without
    EGOV_SMS_URL keeps its messages waiting in the outbox until a provider is configured."""
    if smtp_url:
        email: notifications.Transport = notifications.SmtpMailer(
            notifications.SmtpSettings.from_url(smtp_url), sender)
    elif sandbox:
        email = notifications.OutboxOnly()
    else:
        raise RuntimeError("EGOV_SMTP_URL is required outside the sandbox")
    found: dict[str, notifications.Transport] = {notifications.EMAIL: email}
    if sms_url:
        found[notifications.SMS] = sms.HttpSmsGateway(sms.HttpSmsSettings.from_url(sms_url))
    elif sandbox:
        found[notifications.SMS] = sms.SandboxSms()
    return found


def transports() -> dict[str, notifications.Transport]:
    return jobs.resource("notification_transports", build_transports)


def enqueue(message_id: int) -> None:
    """Call after the transaction that queued the message has committed."""
    try:
        deliver_message(message_id)
    except Exception:  # the queue itself is down: the sweep sends it later
        log.exception("could not enqueue message %s; the sweep will pick it up", message_id)


# Retries come from the message's own backoff (notifications.retry_delay), not Huey's.
@jobs.task(retries=0)
def deliver_message(message_id: int) -> None:
    result = notifications.deliver(jobs.session_factory(), transports(), message_id)
    log.info("message %s: %s", message_id, result.status)
    # "skipped" with a wait: this job ran before the message was due (an early duplicate).
    if result.status in (notifications.QUEUED, "skipped") and result.retry_in is not None:
        deliver_message.schedule((message_id,), delay=result.retry_in.total_seconds())


@jobs.huey.periodic_task(crontab(minute="*"))
def sweep_outbox() -> None:
    with transaction(jobs.session_factory()) as session:
        due = notifications.due(session)
    for message_id in due:
        deliver_message(message_id)
