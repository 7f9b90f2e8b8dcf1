"""E-mail and SMS notices through a durable outbox.

    message = queue_email(session, "aysel@example.az", "Ödəniş qəbul edildi", text,
                          dedupe_key="bill:RK-260521-4F7Q9X:aysel@example.az")
    # after the commit: core.notifications.jobs.enqueue(message.id)

Every message is written to `outbox_message` in the caller's transaction, then handed to the
job queue, which delivers it through a transport: e-mail by SMTP (EGOV_SMTP_URL) or, in the
sandbox without SMTP, by the outbox alone; SMS by an SMS provider over HTTP
(core.notifications.sms) or, in the sandbox, by the outbox alone. A delivery that fails for a
passing reason is retried with backoff, a bounded number of times; a sweep re-queues any
message whose job was lost, so nothing is dropped. Each message keeps its delivery status
(created → sending → delivered / temporary-failure / permanent-failure, core.notifications.models)."""
from __future__ import annotations

import logging
import re
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Mapping, Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from core.kernel.db import transaction, utcnow
from core.notifications.models import (CREATED, DELIVERED, IN_PROGRESS, PERMANENT_FAILURE,
                                       SENDING, TEMPORARY_FAILURE, OutboxMessage)

log = logging.getLogger("egov.notifications")
EMAIL, SMS = "email", "sms"
# The coarse outcome of a delivery attempt and a message's `status` (see models).
QUEUED, SENT, FAILED = "queued", "sent", "failed"
MAX_ATTEMPTS = 8
# 1, 2, 4 … minutes, at most an hour apart: eight attempts span about four hours.
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=1)
# A queued message nobody has tried for this long lost its job: the sweep queues it again.
ORPHAN_AFTER = timedelta(minutes=2)


# ---------------------------------------------------------------- e-mail addresses

class InvalidEmail(ValueError):
    """reason: empty, too_long, no_at, local_part, domain"""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


_ATEXT = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")


def normalise_email(text: str | None) -> str:
    """The address as we will use it (spaces trimmed, domain in lower case), or InvalidEmail.

    Accepts what mail servers deliver in practice: a dot-atom local part and a domain name
    with at least two labels (international names are accepted and kept as typed)."""
    address = (text or "").strip()
    if not address:
        raise InvalidEmail("empty")
    if len(address) > 254:
        raise InvalidEmail("too_long")
    if address.count("@") != 1:
        raise InvalidEmail("no_at")
    local, domain = address.split("@")
    if not local or len(local) > 64 or not _ATEXT.fullmatch(local):
        raise InvalidEmail("local_part")
    domain = domain.lower()
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise InvalidEmail("domain") from None
    labels = ascii_domain.split(".")
    if (len(ascii_domain) > 253 or len(labels) < 2 or not all(_LABEL.fullmatch(l) for l in labels)
            or labels[-1].isdigit() or len(labels[-1]) < 2):
        raise InvalidEmail("domain")
    return f"{local}@{domain}"


# ---------------------------------------------------------------- transports

class TemporaryFailure(Exception):
    """Could not deliver now; try again later."""


class PermanentFailure(Exception):
    """Will never be delivered (e.g. the server refuses the recipient)."""


class Transport(Protocol):
    def deliver(self, message: OutboxMessage) -> str | None:
        """Hand the message on; returns the transport's own reference for it, if any.
        Raises TemporaryFailure or PermanentFailure."""
        ...


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    use_ssl: bool = False
    starttls: bool = False
    username: str | None = None
    password: str | None = None
    timeout: float = 10.0

    @classmethod
    def from_url(cls, url: str) -> "SmtpSettings":
        """smtp://host:port, smtp://user:pass@host:587?starttls=1 or smtps://host:465."""
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("EGOV_SMTP_URL must look like smtp://host:port or smtps://host")
        query = parse_qs(parts.query)
        use_ssl = parts.scheme == "smtps"
        return cls(
            host=parts.hostname, port=parts.port or (465 if use_ssl else 25), use_ssl=use_ssl,
            starttls=query.get("starttls", ["0"])[0].lower() in ("1", "true", "yes"),
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            timeout=float(query.get("timeout", ["10"])[0]),
        )


class SmtpMailer:
    """Sends e-mail through an SMTP server; one connection per message keeps it simple."""

    def __init__(self, settings: SmtpSettings, sender: str):
        self.settings = settings
        self.sender = sender

    def deliver(self, message: OutboxMessage) -> None:
        try:
            mail = self._mail(message)
        except (ValueError, TypeError) as exc:  # a header no message may carry: never will
            raise PermanentFailure(f"not a message: {type(exc).__name__}") from None
        s = self.settings
        try:
            if s.use_ssl:
                client = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout,
                                          context=ssl.create_default_context())
            else:
                client = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            with client:
                if s.starttls:
                    client.starttls(context=ssl.create_default_context())
                if s.username:
                    client.login(s.username, s.password or "")
                client.send_message(mail)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            if all(500 <= code < 600 for code in codes):
                raise PermanentFailure(f"recipient refused: {codes}") from None
            raise TemporaryFailure(f"recipient deferred: {codes}") from None
        except smtplib.SMTPResponseException as exc:
            if 500 <= exc.smtp_code < 600 and exc.smtp_code not in (530, 535):
                raise PermanentFailure(f"SMTP {exc.smtp_code}") from None
            raise TemporaryFailure(f"SMTP {exc.smtp_code}") from None
        except (OSError, smtplib.SMTPException) as exc:
            raise TemporaryFailure(f"{type(exc).__name__}: {exc}"[:250]) from None

    def _mail(self, message: OutboxMessage) -> EmailMessage:
        mail = EmailMessage()
        mail["From"] = self.sender
        mail["To"] = message.recipient
        mail["Subject"] = message.subject or ""
        mail["Date"] = formatdate(localtime=False)
        mail["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2].strip("> ") or None)
        mail.set_content(message.body)
        return mail


class OutboxOnly:
    """The sandbox's transport when no real server is configured: the outbox row is the
    message, readable at /sandbox/outbox. It never fails."""

    def deliver(self, message: OutboxMessage) -> None:
        return None


def record_delivery_report(session: Session, channel: str, provider_reference: str,
                           delivered: bool, error: str | None = None) -> bool:
    """A provider's later word on a message it accepted (an SMS delivery report): a phone
    that stayed off is a temporary failure, as Notify records it. Returns whether it matched."""
    message = session.execute(
        select(OutboxMessage).where(OutboxMessage.channel == channel,
                                    OutboxMessage.provider_reference == provider_reference)
    ).scalar_one_or_none()
    if message is None:
        return False
    message.delivery_status = DELIVERED if delivered else TEMPORARY_FAILURE
    message.last_error = None if delivered else (error or "not delivered")[:300]
    session.flush()
    return True


# ---------------------------------------------------------------- the outbox

def queue_email(session: Session, recipient: str, subject: str, body: str, *,
                dedupe_key: str | None = None) -> OutboxMessage:
    if not subject.strip() or "\n" in subject or "\r" in subject:
        raise ValueError("an e-mail needs a one-line subject")
    return _queue(session, EMAIL, normalise_email(recipient), subject.strip(), body, dedupe_key)


def queue_sms(session: Session, mobile: str, body: str, *,
              dedupe_key: str | None = None) -> OutboxMessage:
    """`mobile` as the 10 digits of a validated mobile number (core.kernel.phones)."""
    if not (mobile.isascii() and mobile.isdigit() and len(mobile) == 10):
        raise ValueError("an SMS needs a 10-digit mobile number")
    return _queue(session, SMS, mobile, None, body, dedupe_key)


def _queue(session: Session, channel: str, recipient: str, subject: str | None, body: str,
           dedupe_key: str | None) -> OutboxMessage:
    if not body.strip():
        raise ValueError("a message needs a text")
    if dedupe_key is not None:
        existing = _by_dedupe_key(session, dedupe_key)
        if existing is not None:
            return existing
    message = OutboxMessage(channel=channel, recipient=recipient, subject=subject, body=body,
                            dedupe_key=dedupe_key, delivery_status=CREATED, attempts=0)
    try:
        with session.begin_nested():
            session.add(message)
    except IntegrityError:
        existing = _by_dedupe_key(session, dedupe_key) if dedupe_key else None
        if existing is None:
            raise
        return existing
    return message


def _by_dedupe_key(session: Session, key: str) -> OutboxMessage | None:
    return session.execute(
        select(OutboxMessage).where(OutboxMessage.dedupe_key == key)
    ).scalar_one_or_none()


def retry_delay(attempts: int) -> timedelta:
    """Wait before the attempt after `attempts` failed ones: 1, 2, 4 … minutes, capped."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LONGEST_RETRY)


@dataclass(frozen=True)
class Delivery:
    status: str  # sent | queued (try again later) | failed | skipped (nothing to do now)
    retry_in: timedelta | None = None


def deliver(session_factory: sessionmaker[Session], transports: Mapping[str, Transport],
            message_id: int, now: datetime | None = None) -> Delivery:
    """One delivery attempt. Claims the message first (sending, attempts + 1, next attempt
    pushed back), so two workers never send one message at the same time, and a worker that
    dies mid-send leaves it due again once that wait has passed. Every way an attempt can end
    is recorded: a transport that raises anything else than its two failures has failed for
    good, and a message whose every attempt was claimed but never finished (workers dying
    mid-send) stops at MAX_ATTEMPTS as a temporary failure."""
    now = now or utcnow()
    with transaction(session_factory) as session:
        message = session.get(OutboxMessage, message_id, with_for_update=True)
        if message is None or message.delivery_status not in IN_PROGRESS:
            return Delivery("skipped")
        if message.next_attempt_at is not None and message.next_attempt_at > now:
            return Delivery("skipped", message.next_attempt_at - now)
        if message.attempts >= MAX_ATTEMPTS:
            message.delivery_status, message.next_attempt_at = TEMPORARY_FAILURE, None
            message.last_error = (message.last_error or "no attempt finished")[:300]
            return Delivery(FAILED)
        message.delivery_status = SENDING
        message.attempts += 1
        message.next_attempt_at = now + retry_delay(message.attempts)
        attempts = message.attempts
        session.flush()
        session.expunge(message)
    try:
        transport = transports.get(message.channel)
        if transport is None:
            raise TemporaryFailure(f"no {message.channel} transport is configured")
        reference = transport.deliver(message)
    except PermanentFailure as exc:
        return _finish(session_factory, message_id, PERMANENT_FAILURE, str(exc))
    except TemporaryFailure as exc:
        if attempts >= MAX_ATTEMPTS:
            return _finish(session_factory, message_id, TEMPORARY_FAILURE, str(exc))
        _note_error(session_factory, message_id, str(exc))
        return Delivery(QUEUED, retry_delay(attempts))
    except Exception as exc:  # a fault of ours, not the transport's: retrying will not mend it
        log.exception("message %s: the %s transport failed", message_id, message.channel)
        return _finish(session_factory, message_id, PERMANENT_FAILURE,
                       f"unexpected {type(exc).__name__}")
    return _finish(session_factory, message_id, DELIVERED, None, sent_at=utcnow(),
                   reference=reference)


def _finish(session_factory, message_id: int, delivery_status: str, error: str | None,
            sent_at: datetime | None = None, reference: str | None = None) -> Delivery:
    with transaction(session_factory) as session:
        message = session.get(OutboxMessage, message_id, with_for_update=True)
        message.delivery_status = delivery_status
        message.last_error = error[:300] if error else None
        message.next_attempt_at = None
        message.sent_at = sent_at
        if reference:
            message.provider_reference = str(reference)[:100]
        return Delivery(message.status)


def _note_error(session_factory, message_id: int, error: str) -> None:
    with transaction(session_factory) as session:
        message = session.get(OutboxMessage, message_id, with_for_update=True)
        message.last_error = error[:300]


def due(session: Session, now: datetime | None = None, limit: int = 100) -> list[int]:
    """Messages in progress whose next attempt is due (a retry, or a worker that died
    mid-send), or never tried and left waiting: the sweep's work when a job was lost."""
    now = now or utcnow()
    return list(session.execute(
        select(OutboxMessage.id).where(
            OutboxMessage.delivery_status.in_(IN_PROGRESS),
            or_(OutboxMessage.next_attempt_at <= now,
                (OutboxMessage.next_attempt_at.is_(None))
                & (OutboxMessage.created_at <= now - ORPHAN_AFTER)),
        ).order_by(OutboxMessage.id).limit(limit)
    ).scalars())


def recent(session: Session, limit: int = 200) -> list[OutboxMessage]:
    """Every message, newest first (the sandbox's /sandbox/outbox)."""
    return list(session.execute(
        select(OutboxMessage).order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        .limit(limit)
    ).scalars())
