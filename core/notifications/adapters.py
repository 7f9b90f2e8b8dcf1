"""The outbox's transports (e-mail over SMTP, SMS through a provider), as the settings say:
the web app and the job consumer both build them here."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from core.notifications import outbox as notifications
from core.notifications import sms
from core.platform.settings import Settings

log = logging.getLogger("egov.notifications")
DEFAULT_SENDER = "no-reply@portal.example.az"


@dataclass(frozen=True)
class Adapters:
    transports: dict[str, notifications.Transport]  # channel -> transport; none: kept waiting
    missing: tuple[str, ...] = field(default=())


def build(settings: Settings, session_factory=None) -> Adapters:
    """The transports the settings configure; none when a required one is missing (the
    portal still serves, and notices wait in the outbox until it is configured)."""
    try:
        return Adapters(make_transports(settings.smtp_url, settings.mail_from or DEFAULT_SENDER,
                                        settings.sandbox, sms_url=settings.sms_url))
    except RuntimeError as missing:
        log.warning("%s: notices wait in the outbox", missing)
        return Adapters({}, missing=("smtp",))


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
