"""The operators' billing systems behind bill payment, as the settings say
(core.platform.connections): the web app and the job consumer both build them here."""
from __future__ import annotations

from dataclasses import dataclass, field

from core.bill_payment.http_systems import http_systems
from core.bill_payment.systems import PROVIDERS, BillingSystem, sandbox_systems
from core.platform.connections import Connections
from core.platform.settings import Settings


@dataclass(frozen=True)
class Adapters:
    systems: dict[str, BillingSystem] | None  # provider code -> its billing system
    missing: tuple[str, ...] = field(default=())


def parse_down(text: str | None) -> frozenset[str]:
    """EGOV_BILLING_DOWN=azeriqaz,azerisiq takes those sandbox providers offline."""
    codes = {part.strip().lower() for part in (text or "").split(",") if part.strip()}
    unknown = codes - set(PROVIDERS)
    if unknown:
        raise ValueError(f"EGOV_BILLING_DOWN names unknown providers: {sorted(unknown)}")
    return frozenset(codes)


def build(settings: Settings, session_factory) -> Adapters:
    found = Connections(settings)
    systems = found.choose("billing", in_process=lambda: sandbox_systems(
        session_factory, delay_seconds=settings.billing_delay_seconds,
        down=parse_down(settings.billing_down)), over_http=http_systems)
    return Adapters(systems=systems, missing=tuple(found.missing))
