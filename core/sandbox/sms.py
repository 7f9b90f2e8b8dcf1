"""The sandbox SMS provider behind the outbox's SMS transport (core.notifications.sms): the
outbox row is the SMS (/sandbox/outbox). `down` or `fail_next(n)` make it fail for a passing
reason, as a provider's outage would."""
from __future__ import annotations

from core.notifications.models import OutboxMessage
from core.notifications.outbox import TemporaryFailure
from core.sandbox.outages import Outages


class SandboxSms(Outages):
    def __init__(self, down: bool = False):
        self.down = down
        self.delivered: list[int] = []

    def deliver(self, message: OutboxMessage) -> str:
        self._refuse_if_out(TemporaryFailure("sandbox SMS provider is down"))
        self.delivered.append(message.id)
        return f"SBX-SMS-{message.id}"
