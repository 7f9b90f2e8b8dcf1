"""The bank behind card payments, as the settings say (core.platform.connections): the
web app and the job consumer both build it here."""
from __future__ import annotations

from dataclasses import dataclass, field

from core.payments.http_gateway import HttpGateway
from core.payments.service import PaymentService
from core.platform.connections import Connections
from core.platform.settings import Settings
from core.sandbox.bank import SandboxGateway

SANDBOX_BANK_DELAY_SECONDS = 0.8  # when gateway_delay_seconds is not set


@dataclass(frozen=True)
class Adapters:
    payments: PaymentService | None  # None: no bank connected, paying services stay closed
    missing: tuple[str, ...] = field(default=())


def build(settings: Settings, session_factory) -> Adapters:
    found = Connections(settings)
    delay = settings.gateway_delay_seconds
    gateway = found.choose("bank", in_process=lambda: SandboxGateway(
        session_factory,
        delay_seconds=SANDBOX_BANK_DELAY_SECONDS if delay is None else delay,
        failure=settings.gateway_failure), over_http=HttpGateway)
    return Adapters(payments=PaymentService(session_factory, gateway) if gateway else None,
                    missing=tuple(found.missing))
