"""The outbox's transports (e-mail over SMTP, SMS through a provider), as the settings say:
the web app and the job consumer both build them here."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from core.notifications import outbox as notifications
from core.notifications.http_sms import HttpSms
from core.platform.connections import Connections
from core.platform.settings import Settings
from core.sandbox.sms import SandboxSms

log = logging.getLogger("egov.notifications")
DEFAULT_SENDER = "no-reply@portal.example.az"


@dataclass(frozen=True)
class Adapters:
    transports: dict[str, notifications.Transport]  # channel -> transport; none: kept waiting
    missing: tuple[str, ...] = field(default=())


def build(settings: Settings, session_factory=None) -> Adapters:
    """The transports the settings configure. Without one (e-mail outside the sandbox needs
    EGOV_SMTP_URL; SMS needs the provider, EGOV_SMS_URL) the portal still serves, and those
    notices wait in the outbox until it is configured."""
    found = Connections(settings)
    text_messages = found.choose("sms", in_process=SandboxSms, over_http=HttpSms)
    missing = list(found.missing)
    try:
        transports = make_transports(settings.smtp_url, settings.mail_from or DEFAULT_SENDER,
                                     settings.sandbox, sms=text_messages)
    except RuntimeError as absent:
        log.warning("%s: e-mail waits in the outbox", absent)
        transports = {notifications.SMS: text_messages} if text_messages else {}
        missing.append("smtp")
    return Adapters(transports, missing=tuple(missing))


def make_transports(smtp_url: str | None, sender: str, sandbox: bool,
                    sms: notifications.Transport | None = None,
                    ) -> dict[str, notifications.Transport]:
    """E-mail over SMTP (the outbox alone in the sandbox; required outside it) and SMS through
    `sms` (the sandbox's provider in the sandbox when none is given)."""
    if smtp_url:
        email: notifications.Transport = notifications.SmtpMailer(
            notifications.SmtpSettings.from_url(smtp_url), sender)
    elif sandbox:
        email = notifications.OutboxOnly()
    else:
        raise RuntimeError("EGOV_SMTP_URL is required outside the sandbox")
    found: dict[str, notifications.Transport] = {notifications.EMAIL: email}
    if sms is None and sandbox:
        sms = SandboxSms()
    if sms is not None:
        found[notifications.SMS] = sms
    return found
