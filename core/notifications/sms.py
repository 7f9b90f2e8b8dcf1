"""The SMS port and the number format providers use. The port is outbox.Transport:
deliver(message) -> provider reference; a real provider is reached through
core.notifications.http_sms (contracts/sms.yaml).

In the sandbox, SMS go to the outbox alone (outbox.OutboxOnly); core.sandbox.sms's SandboxSms
adds the outages a real provider has, for demos and tests."""
from __future__ import annotations


def international(mobile: str) -> str:
    """0501234567 -> 994501234567, as SMS providers address Azerbaijani numbers."""
    return "994" + mobile[1:]
