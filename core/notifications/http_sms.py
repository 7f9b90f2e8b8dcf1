"""An SMS provider over HTTP (contracts/sms.yaml) as the outbox's SMS transport.

    provider = OutsideSystem("sms", settings.sms_url, token=settings.sms_token)
    transports = {outbox.SMS: HttpSms(provider)}

Each message is a POST whose Idempotency-Key is `egov-<outbox message id>`, so the client's
retries after a 500 or a lost answer (with backoff) and the outbox's own later attempts are
one SMS on the citizen's phone. What the provider says becomes what the outbox understands:
nothing sent, circuit open, no answer or 5xx -> TemporaryFailure (tried again later);
401/403 (our credentials) -> TemporaryFailure, so mending the token lets the message go;
any other 4xx (a number it cannot serve, a malformed message) -> PermanentFailure.

The provider's signed delivery report (the contract's `delivery_report` webhook) is recorded
with `apply_delivery_report`; the web layer answers 401 on BadSignature, 400 on ValueError."""
from __future__ import annotations

import json

from sqlalchemy.orm import Session

from core.notifications.models import OutboxMessage
from core.notifications.outbox import (SMS, PermanentFailure, TemporaryFailure,
                                       record_delivery_report)
from core.notifications.sms import international
from core.platform.outside import (AnswerLost, OutsideSystem, Refused, SystemDown,
                                   signature_matches)

OUR_CREDENTIALS = frozenset({401, 403})


class HttpSms:
    def __init__(self, system: OutsideSystem, sender: str = "E-GOV"):
        self.system = system
        self.sender = sender

    def deliver(self, message: OutboxMessage) -> str | None:
        key = f"egov-{message.id}"
        body = {"to": international(message.recipient), "text": message.body,
                "sender": self.sender, "client_ref": key}
        try:
            answer = self.system.call("POST", "/messages", json=body, idempotency_key=key,
                                      expect=(200, 201, 202))
        except (SystemDown, AnswerLost) as failure:
            raise TemporaryFailure(str(failure)[:250]) from None
        except Refused as refused:
            reason = f"SMS provider refused: HTTP {refused.status} {refused.problem.get('code', '')}"
            if refused.status in OUR_CREDENTIALS:
                raise TemporaryFailure(reason.strip()) from None
            raise PermanentFailure(reason.strip()) from None
        try:
            reference = answer.json().get("id")
        except (ValueError, AttributeError):
            reference = None  # accepted all the same: a 2xx is the provider's yes
        return str(reference) if reference else None


class BadSignature(Exception):
    """A delivery report not signed with the callback secret: changes nothing."""


def apply_delivery_report(session: Session, body: bytes, signature: str | None,
                          secret: str | None) -> bool:
    """The provider's signed word on a message (contracts/sms.yaml, `delivery_report`):
    recorded on the outbox message it names; False for a message the portal does not know."""
    if not secret or not signature_matches(secret, body, signature):
        raise BadSignature("delivery report not signed with the callback secret")
    report = json.loads(body)
    if not (isinstance(report, dict) and isinstance(report.get("id"), str)
            and report.get("status") in ("delivered", "failed")):
        raise ValueError("a delivery report names its id and status")
    error = report.get("error")
    return record_delivery_report(session, SMS, report["id"], report["status"] == "delivered",
                                  error if isinstance(error, str) else None)
