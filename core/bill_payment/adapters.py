"""The operators' billing systems behind bill payment, as the settings say
(core.platform.connections): the web app and the job consumer both build them here."""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from functools import partial
from typing import Callable

from core.bill_payment.http_systems import HttpBillingSystem, http_systems
from core.bill_payment.systems import PROVIDERS, BillingSystem
from core.kernel.db import transaction
from core.platform.connections import Connections
from core.platform.outside import OutsideSystem
from core.platform.settings import Settings
from core.sandbox import billing as demo_billing
from core.sandbox.billing import sandbox_systems


@dataclass(frozen=True)
class Adapters:
    systems: dict[str, BillingSystem] | None  # provider code -> its billing system
    # the sandbox's /sandbox/borclar: every demo debt back to its demo amount; how many changed
    restore_demo_debts: Callable[[], int] | None = None
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
    systems = found.choose("billing", over_http=http_systems, in_process=lambda: sandbox_systems(
        session_factory, delay_seconds=settings.billing_delay_seconds,
        down=parse_down(settings.billing_down)))
    restore = None
    if settings.sandbox and systems:
        first = next(iter(systems.values()))
        restore = (partial(_restore_over_http, first.system)
                   if isinstance(first, HttpBillingSystem)
                   else partial(_restore_in_process, session_factory))
    return Adapters(systems=systems, restore_demo_debts=restore, missing=tuple(found.missing))


def _restore_over_http(system: OutsideSystem) -> int:
    return system.call("POST", "/sandbox/restore",
                       idempotency_key=secrets.token_hex(8)).json()["changed"]


def _restore_in_process(session_factory) -> int:
    with transaction(session_factory) as session:
        return demo_billing.restore(session)
