"""The SMS port's sandbox adapter and the number format providers use. The port is
outbox.Transport: deliver(message) -> provider reference; a real provider is reached through
core.notifications.http_sms (contracts/sms.yaml).

In the sandbox, SMS go to the outbox alone (outbox.OutboxOnly); SandboxSms adds the outages
a real provider has, for demos and tests."""
from __future__ import annotations


from core.notifications.models import OutboxMessage
from core.notifications.outbox import TemporaryFailure

def international(mobile: str) -> str:
    """0501234567 -> 994501234567, as SMS providers address Azerbaijani numbers."""
    return "994" + mobile[1:]


class SandboxSms:
    """The sandbox SMS provider: the outbox row is the SMS (/sandbox/outbox). `down` or
    `fail_next(n)` make it fail for a passing reason, as a provider's outage would."""

    def __init__(self, down: bool = False):
        self.down = down
        self._failures_left = 0
        self.delivered: list[int] = []

    def fail_next(self, count: int) -> None:
        self._failures_left = count

    def deliver(self, message: OutboxMessage) -> str:
        if self.down or self._failures_left > 0:
            self._failures_left = max(0, self._failures_left - 1)
            raise TemporaryFailure("sandbox SMS provider is down")
        self.delivered.append(message.id)
        return f"SBX-SMS-{message.id}"
